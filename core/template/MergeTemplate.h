#pragma once

// MergeTemplate: a text with merge fields, {{field}} or {{field|fallback text}}, compiled once and
// rendered for many recipients. Field names are letters (any script), digits and "_". Values are
// HTML-escaped for HTML parts and taken as they are for text parts; header values are cleaned of
// control characters by the MIME layer. Immutable after parse(); safe to share between threads.

#include <functional>
#include <optional>

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include "common/Result.h"

namespace hivepost::templating {

struct TemplateIssue {
    int line = 0;   // from 1
    int column = 0; // from 1, in characters
    QString message;
    // A field no contact has, used with a fallback ({{city|friend}}): every message gets the
    // fallback. Said, but no reason to refuse the template.
    bool warning = false;
};

class MergeTemplate {
    Q_DECLARE_TR_FUNCTIONS(MergeTemplate)

public:
    enum class Escape { None, Html };

    // Parses source; a malformed field ("{{" without "}}", an empty or odd name) is an error with
    // its line and column.
    static Result<MergeTemplate> parse(const QString &source);

    // The fields used, each once, in order of first use.
    QStringList fields() const;
    // The fields used at least once without a fallback: an empty value leaves a gap there.
    QStringList fieldsWithoutFallback() const;
    // Every use of a field not in known, with its line and column (a warning when it has a fallback).
    QList<TemplateIssue> unknownFields(const QStringList &known) const;

    // value(name) returns the contact's value, or nullopt when it has none (then the fallback is used).
    using Lookup = std::function<std::optional<QString>(const QString &field)>;
    QString render(const Lookup &value, Escape escape = Escape::None) const;
    // The same as UTF-8; literal text is converted once, at parse time. With segmentOffsets: where
    // each segment (literal or field, in order) starts in the output.
    QByteArray renderUtf8(const Lookup &value, Escape escape = Escape::None,
                          QList<qsizetype> *segmentOffsets = nullptr) const;
    // The literal segments as (index, UTF-8 text): what every rendering has in common.
    QList<QPair<int, QByteArray>> literals() const;

    bool isEmpty() const { return m_segments.isEmpty(); }

    static QString htmlEscaped(const QString &text);

private:
    struct Segment {
        QByteArray utf8; // a literal, or the fallback of a field, as UTF-8 (converted once)
        QString field;   // empty for a literal
        bool hasFallback = false;
        int line = 0;
        int column = 0;
    };
    QList<Segment> m_segments;
};

// The fields every template may use besides the contact's custom fields.
QStringList standardMergeFields();

} // namespace hivepost::templating
