// The pieces an import is made of, on real files: encodings (UTF-8 with and without BOM, UTF-16
// LE/BE, GB18030), delimiters, RFC 4180 quoting and line endings, broken input with its line,
// e-mail validation, and column mapping in English and Chinese.

#include <QBuffer>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "common/EmailAddress.h"
#include "import/ColumnMapping.h"
#include "import/CsvFile.h"

using namespace Qt::StringLiterals;
using namespace hivepost::import;
using hivepost::EmailAddress;

namespace {

QByteArray encode(const QString &text, const char *encoding) {
    QStringEncoder encoder(encoding, QStringConverter::Flag::Default);
    return encoder.encode(text);
}

struct Parsed {
    QList<QStringList> records;
    QList<qint64> lines;
    QString error;
    qint64 errorLine = 0;
    Encoding encoding = Encoding::Auto;
    char delimiter = 0;
};

Parsed parseFile(const QString &path, Encoding encoding = Encoding::Auto, char delimiter = 0) {
    Parsed p;
    CsvFile file;
    if (auto r = file.open(path, encoding, delimiter); !r) {
        p.error = r.errorString();
        return p;
    }
    p.delimiter = file.delimiter();
    CsvRecord record;
    for (;;) {
        const CsvReader::Status s = file.reader().next(record);
        if (s == CsvReader::Status::End)
            break;
        if (s == CsvReader::Status::Error) {
            p.error = file.reader().errorString();
            p.errorLine = file.reader().errorLine();
            break;
        }
        QStringList fields;
        for (qsizetype i = 0; i < record.size(); ++i)
            fields << QString::fromUtf8(record.field(i).data(), qsizetype(record.field(i).size()));
        p.records << fields;
        p.lines << record.line;
    }
    p.encoding = file.encoding();
    return p;
}

} // namespace

class tst_ImportFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void encodings_data();
    void encodings();
    void explicitEncodingWins();
    void invalidUtf8BecomesReplacementCharacter();
    void delimiters_data();
    void delimiters();
    void quotingAndLineEndings_data();
    void quotingAndLineEndings();
    void recordsSpanningReadChunks();
    void brokenInput_data();
    void brokenInput();
    void emailValidation_data();
    void emailValidation();
    void mailboxes_data();
    void mailboxes();
    void headerMapping_data();
    void headerMapping();
    void explicitMapping();

private:
    QString write(const QByteArray &data) {
        const QString path = m_dir.filePath(u"f%1.csv"_s.arg(++m_files));
        if (!hivepost::test::writeFile(path, data))
            qFatal("cannot write test file");
        return path;
    }
    QTemporaryDir m_dir;
    int m_files = 0;
};

void tst_ImportFormat::encodings_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("expected");
    const QString text = u"邮箱,姓名\r\nli@example.cn,李雷\r\nann@example.com,Ann Ö\r\n"_s;
    QTest::newRow("utf-8") << text.toUtf8() << int(Encoding::Utf8);
    QTest::newRow("utf-8 bom") << QByteArray("\xEF\xBB\xBF") + text.toUtf8() << int(Encoding::Utf8Bom);
    QTest::newRow("utf-16le bom") << QByteArray("\xFF\xFE") + encode(text, "UTF-16LE")
                                  << int(Encoding::Utf16LE);
    QTest::newRow("utf-16be bom") << QByteArray("\xFE\xFF") + encode(text, "UTF-16BE")
                                  << int(Encoding::Utf16BE);
    QTest::newRow("utf-16le no bom") << encode(u"email,name\r\nann@example.com,Ann\r\n"_s, "UTF-16LE")
                                     << int(Encoding::Utf16LE);
    QTest::newRow("gb18030") << encode(text, "GB18030") << int(Encoding::Gb18030);
}

void tst_ImportFormat::encodings() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, expected);
    const Parsed p = parseFile(write(bytes));
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QCOMPARE(int(p.encoding), expected);
    if (QTest::currentDataTag() != "utf-16le no bom"_ba) {
        QCOMPARE(p.records.size(), 3);
        QCOMPARE(p.records[0], (QStringList{u"邮箱"_s, u"姓名"_s})); // no BOM left in the first header
        QCOMPARE(p.records[1], (QStringList{u"li@example.cn"_s, u"李雷"_s}));
        QCOMPARE(p.records[2], (QStringList{u"ann@example.com"_s, u"Ann Ö"_s}));
    } else {
        QCOMPARE(p.records.size(), 2);
        QCOMPARE(p.records[1], (QStringList{u"ann@example.com"_s, u"Ann"_s}));
    }
}

void tst_ImportFormat::explicitEncodingWins() {
    // Valid GB18030 bytes that are also valid UTF-8 would be misread without the explicit choice.
    const QString path = write(encode(u"email,name\nli@example.cn,李\n"_s, "GB18030"));
    const Parsed p = parseFile(path, Encoding::Gb18030);
    QCOMPARE(p.encoding, Encoding::Gb18030);
    QCOMPARE(p.records[1][1], u"李"_s);
}

void tst_ImportFormat::invalidUtf8BecomesReplacementCharacter() {
    // Valid UTF-8 in the first 64 KiB, broken later: detected as UTF-8, the bad bytes replaced.
    QByteArray head = "email,name\n";
    for (int i = 0; i < 3000; ++i)
        head += "user" + QByteArray::number(i) + "@example.com,Name\n";
    head += "bad@example.com,Bj\xF6rk\n";
    const Parsed p = parseFile(write(head));
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QCOMPARE(p.encoding, Encoding::Utf8);
    QCOMPARE(p.records.last()[1], u"Bj\uFFFDrk"_s);
}

void tst_ImportFormat::delimiters_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<char>("delimiter");
    QTest::newRow("comma") << QByteArray("email,name\na@b.co,A\nc@d.co,\"C; D\"\n") << ',';
    QTest::newRow("semicolon (European Excel)")
        << QByteArray("email;name;city\na@b.co;A, Jr.;Paris\nc@d.co;C;Rome\n") << ';';
    QTest::newRow("tab") << QByteArray("email\tname\na@b.co\tA, B\nc@d.co\tC\n") << '\t';
    QTest::newRow("pipe") << QByteArray("email|name\na@b.co|A\nc@d.co|C\n") << '|';
    QTest::newRow("single column") << QByteArray("email\na@b.co\nc@d.co\n") << ',';
}

void tst_ImportFormat::delimiters() {
    QFETCH(QByteArray, bytes);
    QFETCH(char, delimiter);
    const Parsed p = parseFile(write(bytes));
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QCOMPARE(p.delimiter, delimiter);
    QCOMPARE(p.records.size(), 3);
    QCOMPARE(p.records[1][0], u"a@b.co"_s);
    QCOMPARE(p.records[0].size(), p.records[1].size());
}

void tst_ImportFormat::quotingAndLineEndings_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<QStringList>>("records");
    QTest::addColumn<QList<qint64>>("lines");
    const QList<QStringList> plain{{u"a"_s, u"b"_s}, {u"1"_s, u"2"_s}};
    QTest::newRow("LF") << QByteArray("a,b\n1,2\n") << plain << QList<qint64>{1, 2};
    QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n") << plain << QList<qint64>{1, 2};
    QTest::newRow("CR (old Mac Excel)") << QByteArray("a,b\r1,2\r") << plain << QList<qint64>{1, 2};
    QTest::newRow("no final newline") << QByteArray("a,b\n1,2") << plain << QList<qint64>{1, 2};
    QTest::newRow("blank lines skipped, lines still counted")
        << QByteArray("a,b\n\n\r\n1,2\n\n") << plain << QList<qint64>{1, 4};
    QTest::newRow("quoted delimiter and doubled quotes")
        << QByteArray("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n")
        << QList<QStringList>{{u"a"_s, u"b"_s}, {u"x, y"_s, u"say \"hi\""_s}} << QList<qint64>{1, 2};
    QTest::newRow("line breaks inside quotes")
        << QByteArray("a,b\n\"one\r\ntwo\",x\n\"three\nfour\rfive\",y\nz,w\n")
        << QList<QStringList>{{u"a"_s, u"b"_s},
                              {u"one\r\ntwo"_s, u"x"_s},
                              {u"three\nfour\rfive"_s, u"y"_s},
                              {u"z"_s, u"w"_s}}
        << QList<qint64>{1, 2, 4, 7};
    QTest::newRow("empty fields and quoted empty") << QByteArray("a,b,c\n,,\n\"\",x,\n")
                                                   << QList<QStringList>{{u"a"_s, u"b"_s, u"c"_s},
                                                                         {QString(), QString(), QString()},
                                                                         {QString(), u"x"_s, QString()}}
                                                   << QList<qint64>{1, 2, 3};
    QTest::newRow("stray quote inside an unquoted field is text (as Excel)")
        << QByteArray("a,b\n5\" disk,x\n") << QList<QStringList>{{u"a"_s, u"b"_s}, {u"5\" disk"_s, u"x"_s}}
        << QList<qint64>{1, 2};
    QTest::newRow("ragged rows kept as they are")
        << QByteArray("a,b,c\n1\n1,2,3,4\n")
        << QList<QStringList>{{u"a"_s, u"b"_s, u"c"_s}, {u"1"_s}, {u"1"_s, u"2"_s, u"3"_s, u"4"_s}}
        << QList<qint64>{1, 2, 3};
}

void tst_ImportFormat::quotingAndLineEndings() {
    QFETCH(QByteArray, bytes);
    QFETCH(QList<QStringList>, records);
    QFETCH(QList<qint64>, lines);
    const Parsed p = parseFile(write(bytes), Encoding::Auto, ',');
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QCOMPARE(p.records, records);
    QCOMPARE(p.lines, lines);
}

void tst_ImportFormat::recordsSpanningReadChunks() {
    // Fields and a multi-byte character cut by the 256 KiB read boundary, and a 300 KiB field.
    QByteArray bytes = "email,note\n";
    QList<QByteArray> notes;
    int i = 0;
    while (bytes.size() < 3 * Utf8Source::ChunkSize) {
        QByteArray note = "\"" + QByteArray::number(i) + " 中文 \"\"q\"\"\n" + QByteArray(i % 97, 'x') + "\"";
        bytes += "user" + QByteArray::number(i) + "@example.com," + note + "\r\n";
        ++i;
    }
    const QByteArray big(300 * 1024, 'y');
    bytes += "big@example.com," + big + "\n";
    const Parsed p = parseFile(write(bytes));
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QCOMPARE(p.records.size(), i + 2);
    for (int k = 0; k < i; k += 101) {
        QCOMPARE(p.records[k + 1][0], u"user%1@example.com"_s.arg(k));
        QCOMPARE(p.records[k + 1][1], u"%1 中文 \"q\"\n"_s.arg(k) + QString(k % 97, u'x'));
    }
    QCOMPARE(p.records.last()[1].size(), big.size());
    QCOMPARE(p.lines.last(), qint64(2 * i + 2));
}

void tst_ImportFormat::brokenInput_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unterminated quote")
        << QByteArray("a,b\n1,2\n3,\"never closed\n4,5\n") << qint64(3) << u"never closed"_s;
    QTest::newRow("binary file") << QByteArray("a,b\n1,2\nxx\0\x01\x02yy,3\n", 19) << qint64(3)
                                 << u"binary"_s;
    QByteArray tenMb = "a,b\n1,2\n3,";
    tenMb += QByteArray(10 * 1024 * 1024, 'z');
    tenMb += "\n";
    QTest::newRow("10 MB field") << tenMb << qint64(3) << u"longer than 1 MiB"_s;
    QByteArray tenMbQuoted = "a,b\n1,2\n3,\"";
    tenMbQuoted += QByteArray(10 * 1024 * 1024, 'z');
    tenMbQuoted += "\"\n";
    QTest::newRow("10 MB quoted field") << tenMbQuoted << qint64(3) << u"longer than 1 MiB"_s;
}

void tst_ImportFormat::brokenInput() {
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, line);
    QFETCH(QString, mentions);
    const Parsed p = parseFile(write(bytes), Encoding::Utf8, ',');
    QVERIFY(!p.error.isEmpty());
    QCOMPARE(p.errorLine, line);
    QVERIFY2(p.error.startsWith(u"line %1:"_s.arg(line)), qPrintable(p.error));
    QVERIFY2(p.error.contains(mentions), qPrintable(p.error));
    QCOMPARE(p.records.size(), 2); // everything before the error was read
}

void tst_ImportFormat::emailValidation_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("normalized");
    QTest::addColumn<int>("problem");
    using P = EmailAddress::Problem;
    QTest::newRow("plain") << u"ann@example.com"_s << u"ann@example.com"_s << int(P::None);
    QTest::newRow("trim and lower") << u"  Ann.Lee+News@Example.COM \t"_s << u"ann.lee+news@example.com"_s
                                    << int(P::None);
    QTest::newRow("atext specials") << u"o'brien_!#$%&*=?^`{|}~-x@ex-ample.co.uk"_s
                                    << u"o'brien_!#$%&*=?^`{|}~-x@ex-ample.co.uk"_s << int(P::None);
    QTest::newRow("idn unicode") << u"li@例子.中国"_s << u"li@例子.中国"_s << int(P::None);
    QTest::newRow("idn a-label stored as unicode")
        << u"li@xn--fsqu00a.xn--fiqs8s"_s << u"li@例子.中国"_s << int(P::None);
    QTest::newRow("idn upper case folded") << u"x@BÜCHER.de"_s << u"x@bücher.de"_s << int(P::None);
    QTest::newRow("full-width dot") << u"li@例子。中国"_s << u"li@例子.中国"_s << int(P::None);
    QTest::newRow("utf-8 local part") << u"用户@example.com"_s << u"用户@example.com"_s << int(P::None);
    QTest::newRow("trailing root dot") << u"a@example.com."_s << u"a@example.com"_s << int(P::None);
    QTest::newRow("empty") << u"  "_s << QString() << int(P::Empty);
    QTest::newRow("no at") << u"ann.example.com"_s << QString() << int(P::NoAt);
    QTest::newRow("two at") << u"a@b@example.com"_s << QString() << int(P::SeveralAt);
    QTest::newRow("space") << u"ann lee@example.com"_s << QString() << int(P::Space);
    QTest::newRow("display name") << u"Ann <ann@example.com>"_s << QString() << int(P::Space);
    QTest::newRow("leading dot") << u".ann@example.com"_s << QString() << int(P::LocalDots);
    QTest::newRow("trailing dot") << u"ann.@example.com"_s << QString() << int(P::LocalDots);
    QTest::newRow("double dot") << u"ann..lee@example.com"_s << QString() << int(P::LocalDots);
    QTest::newRow("quote in local") << u"\"ann\"@example.com"_s << QString() << int(P::LocalCharacter);
    QTest::newRow("comma in local") << u"ann,lee@example.com"_s << QString() << int(P::LocalCharacter);
    QTest::newRow("local too long") << QString(65, u'a') + u"@example.com"_s << QString()
                                    << int(P::LocalTooLong);
    QTest::newRow("no local") << u"@example.com"_s << QString() << int(P::LocalEmpty);
    QTest::newRow("no domain") << u"ann@"_s << QString() << int(P::DomainEmpty);
    QTest::newRow("domain without dot") << u"ann@localhost"_s << QString() << int(P::DomainNoDot);
    QTest::newRow("domain double dot") << u"ann@example..com"_s << QString() << int(P::DomainInvalid);
    QTest::newRow("domain leading hyphen") << u"ann@-example.com"_s << QString() << int(P::DomainInvalid);
    QTest::newRow("domain underscore") << u"ann@ex_ample.com"_s << QString() << int(P::DomainInvalid);
    QTest::newRow("ip literal") << u"ann@192.168.1.1"_s << QString() << int(P::DomainInvalid);
    QTest::newRow("label too long") << u"a@"_s + QString(64, u'b') + u".com"_s << QString()
                                    << int(P::DomainInvalid);
    QTest::newRow("address too long")
        << QString(10, u'a') + u"@"_s + QString(QString(60, u'b') + u"."_s).repeated(4) + u"com"_s
        << QString() << int(P::TooLong);
}

void tst_ImportFormat::emailValidation() {
    QFETCH(QString, input);
    QFETCH(QString, normalized);
    QFETCH(int, problem);
    EmailAddress::Problem found = EmailAddress::Problem::None;
    QCOMPARE(EmailAddress::normalized(input, &found), normalized);
    QCOMPARE(int(found), problem);
    if (problem != int(EmailAddress::Problem::None))
        QVERIFY(!EmailAddress::describe(found).isEmpty());
}

void tst_ImportFormat::mailboxes_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("address");
    QTest::newRow("bare") << u" News@Example.com "_s << QString() << u"news@example.com"_s;
    QTest::newRow("named") << u"Hivepost Shop <news@example.com>"_s << u"Hivepost Shop"_s
                           << u"news@example.com"_s;
    QTest::newRow("quoted") << u"\"Shop, Inc.\" <news@example.com>"_s << u"Shop, Inc."_s
                            << u"news@example.com"_s;
    QTest::newRow("unicode") << u"花店 <news@例子.中国>"_s << u"花店"_s << u"news@例子.中国"_s;
    QTest::newRow("invalid") << u"Shop <not an address>"_s << u"Shop"_s << QString();
}

void tst_ImportFormat::mailboxes() {
    QFETCH(QString, text);
    const EmailAddress::Mailbox m = EmailAddress::parseMailbox(text);
    QTEST(m.name, "name");
    QTEST(m.address, "address");
}

void tst_ImportFormat::headerMapping_data() {
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QStringList>("fields");
    QTest::newRow("english") << QStringList{u"E-mail Address"_s, u"First Name"_s, u"Last Name"_s,
                                            u"Company"_s}
                             << QStringList{u"email"_s, u"first_name"_s, u"last_name"_s, u"company"_s};
    QTest::newRow("chinese") << QStringList{u"邮箱"_s, u"姓名"_s, u"公司"_s, u"电话号码"_s}
                             << QStringList{u"email"_s, u"name"_s, u"公司"_s, u"电话号码"_s};
    QTest::newRow("chinese variants") << QStringList{u"电子邮件"_s, u"名字"_s, u"姓"_s}
                                      << QStringList{u"email"_s, u"first_name"_s, u"last_name"_s};
    QTest::newRow("邮件地址") << QStringList{u"邮件地址"_s, u"Name"_s} << QStringList{u"email"_s, u"name"_s};
    QTest::newRow("second e-mail column becomes custom")
        << QStringList{u"Email"_s, u"E-mail"_s, u"Full Name"_s}
        << QStringList{u"email"_s, u"e_mail"_s, u"name"_s};
    QTest::newRow("odd headers") << QStringList{u"EMAIL"_s, u"  "_s, u"Sign-up Date!"_s, u"Sign up date"_s}
                                 << QStringList{u"email"_s, u"column_2"_s, u"sign_up_date"_s,
                                                u"sign_up_date_2"_s};
}

void tst_ImportFormat::headerMapping() {
    QFETCH(QStringList, headers);
    QFETCH(QStringList, fields);
    QStringList mapped;
    for (const ColumnMapping &m : ColumnMapper::autoMap(headers))
        mapped << m.fieldName();
    QCOMPARE(mapped, fields);
}

void tst_ImportFormat::explicitMapping() {
    QList<ColumnMapping> m = ColumnMapper::autoMap({u"Email"_s, u"Work mail"_s, u"Age"_s, u"Notes"_s});
    QVERIFY(ColumnMapper::apply(m, {u"Work mail=email"_s, u"age=age:number"_s, u"#4=-"_s}).ok());
    QCOMPARE(m[1].kind, FieldKind::Email);
    QCOMPARE(m[0].kind, FieldKind::Custom); // gave up email to the explicit choice
    QCOMPARE(m[0].customName, u"column_1"_s);
    QCOMPARE(m[2].customType, u"number"_s);
    QCOMPARE(m[3].kind, FieldKind::Ignore);

    auto missing = ColumnMapper::apply(m, {u"Phone=phone"_s});
    QVERIFY(!missing.ok());
    QVERIFY2(missing.errorString().contains(u"Email, Work mail, Age, Notes"_s),
             qPrintable(missing.errorString()));
    QVERIFY(!ColumnMapper::apply(m, {u"Age=age:money"_s}).ok());
    QVERIFY(!ColumnMapper::apply(m, {u"no equals sign"_s}).ok());
}

QTEST_GUILESS_MAIN(tst_ImportFormat)
#include "tst_ImportFormat.moc"
