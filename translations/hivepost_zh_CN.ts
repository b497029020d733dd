<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountStore</name>
    <message>
        <source>An account needs a name.</source>
        <translation>账户需要一个名称。</translation>
    </message>
    <message>
        <source>“%1” is not a server name.</source>
        <translation>“%1”不是服务器名称。</translation>
    </message>
    <message>
        <source>The port must be between 1 and 65535.</source>
        <translation>端口必须在 1 到 65535 之间。</translation>
    </message>
    <message>
        <source>Security must be tls, starttls or none.</source>
        <translation>加密方式必须是 tls、starttls 或 none。</translation>
    </message>
    <message>
        <source>Sign-in must be plain, login, xoauth2 or none.</source>
        <translation>登录方式必须是 plain、login、xoauth2 或 none。</translation>
    </message>
    <message>
        <source>Signing in needs a user name.</source>
        <translation>登录需要用户名。</translation>
    </message>
    <message>
        <source>Parallel connections must be between 1 and 100.</source>
        <translation>并行连接数必须在 1 到 100 之间。</translation>
    </message>
    <message>
        <source>Messages per connection must be at least 1.</source>
        <translation>每个连接的邮件数至少为 1。</translation>
    </message>
    <message>
        <source>Rate limits cannot be negative.</source>
        <translation>速率限制不能为负数。</translation>
    </message>
    <message>
        <source>“%1” is not an address or @domain.</source>
        <translation>“%1”不是地址或 @域名。</translation>
    </message>
    <message>
        <source>There is already an account called “%1”.</source>
        <translation>已存在名为“%1”的账户。</translation>
    </message>
    <message>
        <source>Cannot save the account: %1</source>
        <translation>无法保存账户：%1</translation>
    </message>
    <message>
        <source>Cannot read the accounts: %1</source>
        <translation>无法读取账户：%1</translation>
    </message>
    <message>
        <source>There is no account called “%1”.</source>
        <translation>没有名为“%1”的账户。</translation>
    </message>
</context>
<context>
    <name>BounceProcessor</name>
    <message>
        <source>complaint (%1)</source>
        <translation>投诉（%1）</translation>
    </message>
    <message>
        <source>hard bounce: %1 %2</source>
        <translation>硬退信：%1 %2</translation>
    </message>
    <message>
        <source>%1 soft bounces in %2 days, the last: %3 %4</source>
        <translation>%2 天内 %1 次软退信，最近一次：%3 %4</translation>
    </message>
    <message>
        <source>the SMTP reply during the campaign</source>
        <translation>活动发送时的 SMTP 回复</translation>
    </message>
</context>
<context>
    <name>BounceStore</name>
    <message>
        <source>Cannot log the bounce of %1: %2</source>
        <translation>无法记录 %1 的退信：%2</translation>
    </message>
    <message>
        <source>There is no bounce %1.</source>
        <translation>没有编号为 %1 的退信。</translation>
    </message>
</context>
<context>
    <name>CampaignMessages</name>
    <message>
        <source>“%1” is not an e-mail address.</source>
        <translation>“%1”不是电子邮件地址。</translation>
    </message>
    <message>
        <source>The DKIM key of %1 is in the secret store and was not read: the message would go out unsigned.</source>
        <translation>%1 的 DKIM 密钥保存在密钥存储中，但未能读取：邮件将无法签名发出。</translation>
    </message>
</context>
<context>
    <name>CampaignStore</name>
    <message>
        <source>There is no campaign called “%1”.</source>
        <translation>没有名为“%1”的活动。</translation>
    </message>
    <message>
        <source>The campaign no longer exists.</source>
        <translation>该活动已不存在。</translation>
    </message>
    <message>
        <source>Another Hivepost (%1) is sending this campaign.</source>
        <translation>另一个 Hivepost（%1）正在发送此活动。</translation>
    </message>
    <message>
        <source>Another Hivepost started sending this campaign.</source>
        <translation>另一个 Hivepost 已开始发送此活动。</translation>
    </message>
</context>
<context>
    <name>ColumnMapper</name>
    <message>
        <source>“%1”: the type must be text, number or date</source>
        <translation>“%1”：类型必须是 text、number 或 date</translation>
    </message>
    <message>
        <source>“%1” is not a usable field name</source>
        <translation>“%1”不能用作字段名</translation>
    </message>
    <message>
        <source>“%1”: write a mapping as COLUMN=FIELD</source>
        <translation>“%1”：映射的写法为 列名=字段</translation>
    </message>
    <message>
        <source>“%1”: the file has no column “%2” (its columns: %3)</source>
        <translation>“%1”：文件中没有“%2”列（现有列：%3）</translation>
    </message>
</context>
<context>
    <name>ContactBulkWriter</name>
    <message>
        <source>The database connection is not open.</source>
        <translation>数据库连接未打开。</translation>
    </message>
    <message>
        <source>Cannot create the list “%1”: %2</source>
        <translation>无法创建列表“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot find the list “%1”: %2</source>
        <translation>找不到列表“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot add the field “%1”: %2</source>
        <translation>无法添加字段“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot read the field “%1”: %2</source>
        <translation>无法读取字段“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot set the type of “%1”: %2</source>
        <translation>无法设置“%1”的类型：%2</translation>
    </message>
    <message>
        <source>The contact %1 vanished during the import.</source>
        <translation>联系人 %1 在导入过程中消失了。</translation>
    </message>
</context>
<context>
    <name>ContactImporter</name>
    <message>
        <source>The file is empty.</source>
        <translation>文件为空。</translation>
    </message>
    <message>
        <source>The file is empty: there is no header row.</source>
        <translation>文件为空：没有标题行。</translation>
    </message>
    <message>
        <source>line %1: no column holds the e-mail addresses (the columns are: %2); map one to email</source>
        <translation>第 %1 行：没有任何列包含邮箱地址（现有列：%2）；请将其中一列映射为 email</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
    <message>
        <source>line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>line %1: %2 fields, the header has %3; the extra fields were ignored</source>
        <translation>第 %1 行：有 %2 个字段，标题行有 %3 个；多余的字段已忽略</translation>
    </message>
    <message>
        <source>line %1: %2 fields, the header has %3; the missing ones were left empty</source>
        <translation>第 %1 行：有 %2 个字段，标题行有 %3 个；缺少的字段留空</translation>
    </message>
    <message>
        <source>line %1: “%2”: %3</source>
        <translation>第 %1 行：“%2”：%3</translation>
    </message>
    <message>
        <source>line %1: some characters could not be decoded as %2 and were replaced; is the encoding right?</source>
        <translation>第 %1 行：部分字符无法按 %2 解码，已被替换；编码是否正确？</translation>
    </message>
    <message>
        <source>line %1: the database refused the row: %2</source>
        <translation>第 %1 行：数据库拒绝了该行：%2</translation>
    </message>
    <message>
        <source>duplicate of line %1</source>
        <translation>与第 %1 行重复</translation>
    </message>
    <message>
        <source>The file has a header row but no data rows.</source>
        <translation>文件只有标题行，没有数据行。</translation>
    </message>
</context>
<context>
    <name>ContactStore</name>
    <message>
        <source>Cannot read the lists: %1</source>
        <translation>无法读取列表：%1</translation>
    </message>
    <message>
        <source>There is no list called “%1”.</source>
        <translation>没有名为“%1”的列表。</translation>
    </message>
    <message>
        <source>A list needs a name.</source>
        <translation>列表需要一个名称。</translation>
    </message>
    <message>
        <source>Cannot create the list “%1”: %2</source>
        <translation>无法创建列表“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot delete the list: %1</source>
        <translation>无法删除列表：%1</translation>
    </message>
    <message>
        <source>Cannot read the custom fields: %1</source>
        <translation>无法读取自定义字段：%1</translation>
    </message>
    <message>
        <source>Cannot count the contacts: %1</source>
        <translation>无法统计联系人：%1</translation>
    </message>
    <message>
        <source>Cannot read the contacts: %1</source>
        <translation>无法读取联系人：%1</translation>
    </message>
    <message>
        <source>The contact no longer exists.</source>
        <translation>该联系人已不存在。</translation>
    </message>
    <message>
        <source>“%1” is not a valid e-mail address: %2</source>
        <translation>“%1”不是有效的邮箱地址：%2</translation>
    </message>
    <message>
        <source>Unknown status “%1”.</source>
        <translation>未知状态“%1”。</translation>
    </message>
    <message>
        <source>Another contact already has the address %1.</source>
        <translation>已有其他联系人使用地址 %1。</translation>
    </message>
    <message>
        <source>Cannot save the contact: %1</source>
        <translation>无法保存联系人：%1</translation>
    </message>
    <message>
        <source>Cannot delete the contacts: %1</source>
        <translation>无法删除联系人：%1</translation>
    </message>
    <message>
        <source>Cannot add the contacts to the list: %1</source>
        <translation>无法将联系人加入列表：%1</translation>
    </message>
    <message>
        <source>Cannot remove the contacts from the list: %1</source>
        <translation>无法将联系人移出列表：%1</translation>
    </message>
    <message>
        <source>Cannot write the export: %1</source>
        <translation>无法写入导出文件：%1</translation>
    </message>
</context>
<context>
    <name>CsvFile</name>
    <message>
        <source>“%1” is a folder, not a file.</source>
        <translation>“%1”是文件夹，不是文件。</translation>
    </message>
    <message>
        <source>Cannot open “%1”: %2</source>
        <translation>无法打开“%1”：%2</translation>
    </message>
</context>
<context>
    <name>CsvReader</name>
    <message>
        <source>line %1: a record longer than 4 MiB; is a quote never closed, or is this not a CSV file?</source>
        <translation>第 %1 行：记录超过 4 MiB；是否有引号未闭合，或者这不是 CSV 文件？</translation>
    </message>
    <message>
        <source>line %1: cannot read the file: %2</source>
        <translation>第 %1 行：无法读取文件：%2</translation>
    </message>
    <message>
        <source>line %1: a quoted field that starts here is longer than 1 MiB; is its closing quote missing?</source>
        <translation>第 %1 行：从此处开始的带引号字段超过 1 MiB；是否缺少结束引号？</translation>
    </message>
    <message>
        <source>line %1: a quoted field that starts here is never closed (a &quot; is missing)</source>
        <translation>第 %1 行：从此处开始的带引号字段没有闭合（缺少一个 &quot;）</translation>
    </message>
    <message>
        <source>line %1: the file contains binary data (a NUL byte); is it really a CSV file?</source>
        <translation>第 %1 行：文件包含二进制数据（NUL 字节）；它真的是 CSV 文件吗？</translation>
    </message>
    <message>
        <source>line %1: a field longer than 1 MiB; is this really a CSV file?</source>
        <translation>第 %1 行：字段超过 1 MiB；这真的是 CSV 文件吗？</translation>
    </message>
    <message>
        <source>line %1: more than %2 fields; is the delimiter right?</source>
        <translation>第 %1 行：字段数超过 %2 个；分隔符是否正确？</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <source>“%1” is not a Hivepost database (it is not an SQLite file). The file was left unchanged.</source>
        <translation>“%1”不是 Hivepost 数据库（不是 SQLite 文件）。该文件未被改动。</translation>
    </message>
    <message>
        <source>Cannot open “%1”: %2</source>
        <translation>无法打开“%1”：%2</translation>
    </message>
    <message>
        <source>“%1” is an SQLite database of another program, not a Hivepost database. The file was left unchanged.</source>
        <translation>“%1”是其他程序的 SQLite 数据库，不是 Hivepost 数据库。该文件未被改动。</translation>
    </message>
    <message>
        <source>No database file was given.</source>
        <translation>未指定数据库文件。</translation>
    </message>
    <message>
        <source>“%1” is not a file.</source>
        <translation>“%1”不是文件。</translation>
    </message>
    <message>
        <source>“%1” was written by a newer version of Hivepost (database schema %2; this version understands up to %3). Please update Hivepost. The file was left unchanged.</source>
        <translation>“%1”由更新版本的 Hivepost 写入（数据库结构版本 %2；当前版本最高支持 %3）。请升级 Hivepost。该文件未被改动。</translation>
    </message>
    <message>
        <source>Cannot create the folder “%1”.</source>
        <translation>无法创建文件夹“%1”。</translation>
    </message>
    <message>
        <source>Cannot switch “%1” to WAL mode</source>
        <translation>无法将“%1”切换到 WAL 模式</translation>
    </message>
    <message>
        <source>“%1” cannot use write-ahead logging (journal mode is %2); is it on a network drive?</source>
        <translation>“%1”无法使用预写日志（当前日志模式为 %2）；它是否位于网络驱动器上？</translation>
    </message>
    <message>
        <source>Cannot configure “%1”</source>
        <translation>无法配置“%1”</translation>
    </message>
    <message>
        <source>This SQLite library does not enforce foreign keys.</source>
        <translation>此 SQLite 库不支持外键约束。</translation>
    </message>
    <message>
        <source>Cannot create the schema table in “%1”</source>
        <translation>无法在“%1”中创建结构版本表</translation>
    </message>
    <message>
        <source>Cannot read the schema version of “%1”</source>
        <translation>无法读取“%1”的结构版本</translation>
    </message>
    <message>
        <source>Upgrading “%1” to schema %2 (%3) failed: %4. The database was left at schema %5.</source>
        <translation>将“%1”升级到结构版本 %2（%3）失败：%4。数据库保持在结构版本 %5。</translation>
    </message>
    <message>
        <source>Cannot list the tables</source>
        <translation>无法列出数据表</translation>
    </message>
    <message>
        <source>Cannot count the rows of %1</source>
        <translation>无法统计 %1 的行数</translation>
    </message>
    <message>
        <source>“%1” already exists; choose a new file name.</source>
        <translation>“%1”已存在，请选择新的文件名。</translation>
    </message>
    <message>
        <source>The backup cannot replace the database itself.</source>
        <translation>备份不能覆盖数据库本身。</translation>
    </message>
    <message>
        <source>Backing up to “%1” failed: %2</source>
        <translation>备份到“%1”失败：%2</translation>
    </message>
    <message>
        <source>Cannot write “%1”.</source>
        <translation>无法写入“%1”。</translation>
    </message>
    <message>
        <source>“%1” cannot be read: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <source>There is no backup “%1”.</source>
        <translation>备份“%1”不存在。</translation>
    </message>
    <message>
        <source>The backup is the database itself.</source>
        <translation>该备份就是数据库本身。</translation>
    </message>
    <message>
        <source>“%1” cannot be restored: %2</source>
        <translation>无法恢复“%1”：%2</translation>
    </message>
    <message>
        <source>“%1” is not a Hivepost database.</source>
        <translation>“%1”不是 Hivepost 数据库。</translation>
    </message>
    <message>
        <source>“%1” was written by a newer version of Hivepost.</source>
        <translation>“%1”由更新版本的 Hivepost 写入。</translation>
    </message>
    <message>
        <source>The backup “%1” is damaged too: %2</source>
        <translation>备份“%1”也已损坏：%2</translation>
    </message>
    <message>
        <source>Cannot move “%1” aside; nothing was changed.</source>
        <translation>无法将“%1”移到一旁；未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot write “%1”; the old file is “%2”.</source>
        <translation>无法写入“%1”；旧文件为“%2”。</translation>
    </message>
    <message>
        <source>Cannot read “%1”</source>
        <translation>无法读取“%1”</translation>
    </message>
    <message>
        <source>Cannot start a transaction.</source>
        <translation>无法开始事务。</translation>
    </message>
</context>
<context>
    <name>DkimSigner</name>
    <message>
        <source>%1 (OpenSSL could not do it)</source>
        <translation>%1（OpenSSL 无法完成）</translation>
    </message>
    <message>
        <source>The key is not a PEM private key.</source>
        <translation>该密钥不是 PEM 格式的私钥。</translation>
    </message>
    <message>
        <source>The RSA key is shorter than 1024 bits (use 2048).</source>
        <translation>RSA 密钥短于 1024 位（请使用 2048 位）。</translation>
    </message>
    <message>
        <source>DKIM keys must be RSA or Ed25519.</source>
        <translation>DKIM 密钥必须是 RSA 或 Ed25519。</translation>
    </message>
    <message>
        <source>Preparing the key for signing failed</source>
        <translation>准备签名密钥失败</translation>
    </message>
    <message>
        <source>A DKIM key needs a domain and a selector.</source>
        <translation>DKIM 密钥需要域名和选择器。</translation>
    </message>
    <message>
        <source>Generating the key failed</source>
        <translation>生成密钥失败</translation>
    </message>
    <message>
        <source>Reading the public key failed</source>
        <translation>读取公钥失败</translation>
    </message>
    <message>
        <source>Signing failed</source>
        <translation>签名失败</translation>
    </message>
</context>
<context>
    <name>EmailAddress</name>
    <message>
        <source>no e-mail address</source>
        <translation>没有邮箱地址</translation>
    </message>
    <message>
        <source>the address has no @</source>
        <translation>地址中没有 @</translation>
    </message>
    <message>
        <source>the address has more than one @</source>
        <translation>地址中有多个 @</translation>
    </message>
    <message>
        <source>the address contains a space or control character</source>
        <translation>地址中包含空格或控制字符</translation>
    </message>
    <message>
        <source>nothing before the @</source>
        <translation>@ 前面没有内容</translation>
    </message>
    <message>
        <source>the part before the @ is longer than 64 characters</source>
        <translation>@ 前面的部分超过 64 个字符</translation>
    </message>
    <message>
        <source>the part before the @ starts or ends with a dot, or has two dots in a row</source>
        <translation>@ 前面的部分以点开头或结尾，或有连续两个点</translation>
    </message>
    <message>
        <source>the part before the @ contains a character not allowed there</source>
        <translation>@ 前面的部分包含不允许的字符</translation>
    </message>
    <message>
        <source>nothing after the @</source>
        <translation>@ 后面没有内容</translation>
    </message>
    <message>
        <source>the domain has no dot</source>
        <translation>域名中没有点</translation>
    </message>
    <message>
        <source>the domain is not a valid domain name</source>
        <translation>域名无效</translation>
    </message>
    <message>
        <source>the address is longer than 254 characters</source>
        <translation>地址超过 254 个字符</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>LedgerStore</name>
    <message>
        <source>A campaign needs a name.</source>
        <translation>营销活动需要一个名称。</translation>
    </message>
    <message>
        <source>A campaign needs at least one list.</source>
        <translation>营销活动至少需要一个列表。</translation>
    </message>
    <message>
        <source>Cannot create the campaign</source>
        <translation>无法创建营销活动</translation>
    </message>
    <message>
        <source>Cannot add the list</source>
        <translation>无法添加列表</translation>
    </message>
    <message>
        <source>Cannot add the account</source>
        <translation>无法添加账户</translation>
    </message>
    <message>
        <source>Cannot write the recipients</source>
        <translation>无法写入收件人</translation>
    </message>
    <message>
        <source>The ledger&apos;s connection is not open.</source>
        <translation>发送记录的数据库连接未打开。</translation>
    </message>
</context>
<context>
    <name>MailboxStore</name>
    <message>
        <source>A mailbox named “%1” exists already.</source>
        <translation>名为“%1”的邮箱已存在。</translation>
    </message>
    <message>
        <source>There is no mailbox named “%1”.</source>
        <translation>没有名为“%1”的邮箱。</translation>
    </message>
</context>
<context>
    <name>MergeTemplate</name>
    <message>
        <source>line %1, column %2: “{{” is not closed by “}}”</source>
        <translation>第 %1 行第 %2 列：“{{”没有以“}}”结束</translation>
    </message>
    <message>
        <source>line %1, column %2: “{{%3}}” is not a merge field name</source>
        <translation>第 %1 行第 %2 列：“{{%3}}”不是合并字段名</translation>
    </message>
    <message>
        <source>line %1, column %2: unknown merge field “%3”</source>
        <translation>第 %1 行第 %2 列：未知的合并字段“%3”</translation>
    </message>
    <message>
        <source>line %1, column %2: no contact has the field “%3”: every message gets its fallback “%4”</source>
        <translation>第 %1 行第 %2 列：没有联系人有字段“%3”：每封邮件都会使用其备用值“%4”</translation>
    </message>
</context>
<context>
    <name>MessageComposer</name>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>The subject is empty.</source>
        <translation>主题为空。</translation>
    </message>
    <message>
        <source>The message has neither HTML nor text.</source>
        <translation>邮件既没有 HTML 也没有纯文本。</translation>
    </message>
    <message>
        <source>No sender address is set.</source>
        <translation>未设置发件人地址。</translation>
    </message>
    <message>
        <source>“%1” is not an e-mail address.</source>
        <translation>“%1”不是电子邮件地址。</translation>
    </message>
    <message>
        <source>The template could not be prepared for tracking.</source>
        <translation>无法为跟踪准备此模板。</translation>
    </message>
</context>
<context>
    <name>RelayStore</name>
    <message>
        <source>No such campaign.</source>
        <translation>没有此活动。</translation>
    </message>
    <message>
        <source>No such signup.</source>
        <translation>没有此订阅申请。</translation>
    </message>
</context>
<context>
    <name>SecretRef</name>
    <message>
        <source>The environment variable %1 that holds the password is not set.</source>
        <translation>存放密码的环境变量 %1 未设置。</translation>
    </message>
    <message>
        <source>Cannot read the password file %1: %2</source>
        <translation>无法读取密码文件 %1：%2</translation>
    </message>
    <message>
        <source>The password file %1 can be read by others; make it private (chmod 600).</source>
        <translation>密码文件 %1 可被他人读取；请将其设为私有（chmod 600）。</translation>
    </message>
    <message>
        <source>Unknown password location “%1”.</source>
        <translation>未知的密码位置“%1”。</translation>
    </message>
    <message>
        <source>Cannot create the folder for %1.</source>
        <translation>无法为 %1 创建文件夹。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The password is in the %1; it is read asynchronously (SettingsResolver).</source>
        <translation>密码位于%1中；需要异步读取（SettingsResolver）。</translation>
    </message>
</context>
<context>
    <name>SqlErrors</name>
    <message>
        <source>the database is in use by another program and stayed locked for 5 s; close that program or wait, then try again</source>
        <translation>数据库正被另一个程序使用，已锁定 5 秒；请关闭该程序或稍候，然后重试</translation>
    </message>
    <message>
        <source>the disk is full (nothing of this change was saved)</source>
        <translation>磁盘已满（此次更改均未保存）</translation>
    </message>
    <message>
        <source>the database file could not be written or read (%1): the disk may be full, over a size limit or failing; nothing of this change was saved</source>
        <translation>无法写入或读取数据库文件（%1）：磁盘可能已满、超出大小限制或出现故障；此次更改均未保存</translation>
    </message>
    <message>
        <source>the database file is damaged (%1); it was left as it is: restore a backup (hivepost-cli db restore BACKUP)</source>
        <translation>数据库文件已损坏（%1）；文件保持原样：请恢复备份（hivepost-cli db restore 备份文件）</translation>
    </message>
    <message>
        <source>the database file cannot be written (read-only)</source>
        <translation>数据库文件无法写入（只读）</translation>
    </message>
</context>
<context>
    <name>SuppressionImporter</name>
    <message>
        <source>Cannot start a transaction.</source>
        <translation>无法开始事务。</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>Cannot save the suppression list.</source>
        <translation>无法保存屏蔽列表。</translation>
    </message>
</context>
<context>
    <name>SuppressionStore</name>
    <message>
        <source>“%1” is not a domain: %2</source>
        <translation>“%1”不是域名：%2</translation>
    </message>
    <message>
        <source>“%1” is not an e-mail address: %2</source>
        <translation>“%1”不是邮箱地址：%2</translation>
    </message>
    <message>
        <source>Cannot add “%1”: %2</source>
        <translation>无法添加“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot remove “%1”: %2</source>
        <translation>无法移除“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot read the suppression list: %1</source>
        <translation>无法读取屏蔽列表：%1</translation>
    </message>
</context>
<context>
    <name>TemplateStore</name>
    <message>
        <source>A template needs a name.</source>
        <translation>模板需要一个名称。</translation>
    </message>
    <message>
        <source>Cannot save the template: %1</source>
        <translation>无法保存模板：%1</translation>
    </message>
    <message>
        <source>Cannot read the templates: %1</source>
        <translation>无法读取模板：%1</translation>
    </message>
    <message>
        <source>There is no template called “%1”.</source>
        <translation>没有名为“%1”的模板。</translation>
    </message>
    <message>
        <source>Cannot save the DKIM key: %1</source>
        <translation>无法保存 DKIM 密钥：%1</translation>
    </message>
</context>
<context>
    <name>TrackingStore</name>
    <message>
        <source>There is no relay called “%1”.</source>
        <translation>没有名为“%1”的中继。</translation>
    </message>
    <message>
        <source>The campaign&apos;s relay was removed.</source>
        <translation>此活动的中继已被删除。</translation>
    </message>
</context>
<context>
    <name>hivepost::accounts::ConnectionTest</name>
    <message>
        <source>Connected.</source>
        <translation>已连接。</translation>
    </message>
    <message>
        <source>Encrypted with %1.</source>
        <translation>已使用 %1 加密。</translation>
    </message>
    <message>
        <source>Certificate of %1, issued by %2, valid until %3.</source>
        <translation>%1 的证书，由 %2 签发，有效期至 %3。</translation>
    </message>
</context>
<context>
    <name>hivepost::accounts::SettingsResolver</name>
    <message>
        <source>The password of “%1” was kept in memory for a session that has ended; enter it again.</source>
        <translation>“%1”的密码仅保存在已结束会话的内存中；请重新输入。</translation>
    </message>
    <message>
        <source>No secret store is open to read the password of “%1” from.</source>
        <translation>没有可用的密钥存储来读取“%1”的密码。</translation>
    </message>
</context>
<context>
    <name>hivepost::application::Application</name>
    <message>
        <source>The campaign&apos;s refusals were not logged as bounces: %1</source>
        <translation>活动中被拒收的地址未能记入退信日志：%1</translation>
    </message>
    <message>
        <source>The DKIM keys could not all be moved to %1; they still sign from the database: %2</source>
        <translation>部分 DKIM 密钥未能移入%1；它们仍从数据库签名：%2</translation>
    </message>
    <message>
        <source>The keys of the relay “%1” were not read from %2: %3</source>
        <translation>未能从%2读取中继“%1”的密钥：%3</translation>
    </message>
    <message>
        <source>The relay “%1” has no signing key here: run “relay test %1”.</source>
        <translation>本机没有中继“%1”的签名密钥：请运行“relay test %1”。</translation>
    </message>
    <message>
        <source>The relay “%1” could not be prepared: %2</source>
        <translation>无法准备中继“%1”：%2</translation>
    </message>
    <message>
        <source>The relay “%1” could not be told the campaign&apos;s links: %2</source>
        <translation>无法把活动的链接告知中继“%1”：%2</translation>
    </message>
    <message>
        <source>The relay sent no signing key.</source>
        <translation>中继没有发送签名密钥。</translation>
    </message>
    <message>
        <source>The relay&apos;s keys could not be removed from %1: %2</source>
        <translation>无法从%1删除中继的密钥：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n signup confirmation(s) wait to be mailed: set the sender&apos;s From address and add an SMTP account.</source>
        <translation>
            <numerusform>有 %n 封注册确认邮件等待发送：请设置发件人地址并添加一个 SMTP 账户。</numerusform>
        </translation>
    </message>
    <message>
        <source>Signup confirmations were not mailed through “%1”: %2</source>
        <translation>注册确认邮件未能通过“%1”发送：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n signup confirmation(s) could not be mailed; they are tried again after the next pulls.</source>
        <translation>
            <numerusform>%n 封注册确认邮件未能发送；之后的拉取会再次尝试。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hivepost::campaign::DkimKeys</name>
    <message>
        <source>The DKIM key of %1 is kept in %2 and could not be read: %3</source>
        <translation>%1 的 DKIM 密钥保存在%2中，无法读取：%3</translation>
    </message>
    <message>
        <source>The DKIM key of %1 was not saved in %2: %3</source>
        <translation>%1 的 DKIM 密钥未能保存到%2：%3</translation>
    </message>
    <message numerus="yes">
        <source>%n DKIM key(s) stay in the database for now: %1</source>
        <translation>
            <numerusform>%n 个 DKIM 密钥暂时仍保存在数据库中：%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hivepost::campaign::SendEngine</name>
    <message>
        <source>The campaign “%1” has been sent.</source>
        <translation>活动“%1”已发送完毕。</translation>
    </message>
    <message>
        <source>The campaign “%1” was cancelled.</source>
        <translation>活动“%1”已取消。</translation>
    </message>
    <message>
        <source>The campaign has no sender address: give it one, or set the sender in Settings.</source>
        <translation>该活动没有发件人地址：请为其指定一个，或在“设置”中设置发件人。</translation>
    </message>
    <message>
        <source>There is no account to send with: add one first.</source>
        <translation>没有可用于发送的账户：请先添加一个。</translation>
    </message>
    <message>
        <source>None of the accounts (%1) may send as %2.</source>
        <translation>没有任何账户（%1）可以用 %2 的身份发送。</translation>
    </message>
    <message>
        <source>Recovered after an interruption: %1 to send again, %2 with an unknown outcome.</source>
        <translation>中断后已恢复：%1 个将重新发送，%2 个结果未知。</translation>
    </message>
    <message>
        <source>Pausing: finishing the messages in flight.</source>
        <translation>正在暂停：正在完成发送中的邮件。</translation>
    </message>
    <message>
        <source>Cancelling: finishing the messages in flight.</source>
        <translation>正在取消：正在完成发送中的邮件。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Gave up after %1 hours: %2</source>
        <translation>%1 小时后放弃：%2</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1（%2）：%3</translation>
    </message>
    <message>
        <source>%1: %2 (the message goes out again)</source>
        <translation>%1：%2（该邮件将重新发送）</translation>
    </message>
    <message>
        <source>Account %1 is paused: %2</source>
        <translation>账户 %1 已暂停：%2</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>已暂停。</translation>
    </message>
    <message>
        <source>No account can send. %1</source>
        <translation>没有账户可以发送。%1</translation>
    </message>
    <message>
        <source>Every recipient has been sent to.</source>
        <translation>所有收件人均已发送。</translation>
    </message>
    <message>
        <source>Only deferred recipients remain; the next retry is due at %1.</source>
        <translation>只剩延迟的收件人；下次重试时间为 %1。</translation>
    </message>
    <message>
        <source>Waiting to retry deferred recipients at %1.</source>
        <translation>等待在 %1 重试延迟的收件人。</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>The ledger cannot be written: %1</source>
        <translation>无法写入发送记录：%1</translation>
    </message>
    <message>
        <source>The campaign “%1” is tracked by a relay that has not been prepared.</source>
        <translation>活动“%1”由尚未准备好的中继跟踪。</translation>
    </message>
</context>
<context>
    <name>hivepost::campaign::TestSend</name>
    <message>
        <source>“%1” is not an e-mail address.</source>
        <translation>“%1”不是电子邮件地址。</translation>
    </message>
    <message>
        <source>There is no contact with the address “%1”.</source>
        <translation>没有地址为“%1”的联系人。</translation>
    </message>
</context>
<context>
    <name>hivepost::mailbox::ImapFetcher</name>
    <message>
        <source>%1 did not answer within %2 s.</source>
        <translation>%1 在 %2 秒内没有响应。</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted: %2</source>
        <translation>%1 的证书不受信任：%2</translation>
    </message>
    <message>
        <source>%1 closed the connection.</source>
        <translation>%1 关闭了连接。</translation>
    </message>
    <message>
        <source>Cannot talk to %1: %2</source>
        <translation>无法与 %1 通信：%2</translation>
    </message>
    <message>
        <source>%1 sent a line too long to be IMAP.</source>
        <translation>%1 发送的行过长，不是 IMAP。</translation>
    </message>
    <message>
        <source>%1 sent a message larger than 64 MB.</source>
        <translation>%1 发送的邮件大于 64 MB。</translation>
    </message>
    <message>
        <source>%1 ended the session: %2</source>
        <translation>%1 结束了会话：%2</translation>
    </message>
    <message>
        <source>%1 refused the session: %2</source>
        <translation>%1 拒绝了会话：%2</translation>
    </message>
    <message>
        <source>%1 sent an unexpected continuation.</source>
        <translation>%1 发送了意外的续行请求。</translation>
    </message>
    <message>
        <source>%1 refused CAPABILITY: %2</source>
        <translation>%1 拒绝了 CAPABILITY：%2</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS; nothing was sent unencrypted.</source>
        <translation>%1 不支持 STARTTLS；未以明文发送任何内容。</translation>
    </message>
    <message>
        <source>%1 refused STARTTLS: %2</source>
        <translation>%1 拒绝了 STARTTLS：%2</translation>
    </message>
    <message>
        <source>%1 refused the login of %2: %3</source>
        <translation>%1 拒绝了 %2 的登录：%3</translation>
    </message>
    <message>
        <source>Cannot open the folder %1: %2</source>
        <translation>无法打开文件夹 %1：%2</translation>
    </message>
    <message>
        <source>%1 refused the search: %2</source>
        <translation>%1 拒绝了搜索：%2</translation>
    </message>
    <message>
        <source>%1 refused to fetch message %2: %3</source>
        <translation>%1 拒绝获取邮件 %2：%3</translation>
    </message>
    <message>
        <source>Cannot move message %1 to %2: %3</source>
        <translation>无法将邮件 %1 移动到 %2：%3</translation>
    </message>
    <message>
        <source>The connection to %1 is not encrypted; the password was not sent.</source>
        <translation>与 %1 的连接未加密；未发送密码。</translation>
    </message>
    <message>
        <source>%1 allows no login here.</source>
        <translation>%1 不允许在此登录。</translation>
    </message>
    <message>
        <source>The user name or password has a line break.</source>
        <translation>用户名或密码中含有换行符。</translation>
    </message>
    <message>
        <source>%1 sent a message longer than it announced; nothing of it was used.</source>
        <translation>%1 发送的邮件比其声明的更长；其内容均未使用。</translation>
    </message>
</context>
<context>
    <name>hivepost::mailbox::MailboxPoller</name>
    <message>
        <source>No certificate could be read from %1.</source>
        <translation>无法从 %1 读取证书。</translation>
    </message>
    <message>
        <source>mailbox %1, UID %2</source>
        <translation>邮箱 %1，UID %2</translation>
    </message>
    <message>
        <source>%1 fetched, %2 bounces, %3 complaints</source>
        <translation>已获取 %1 封，退信 %2 封，投诉 %3 封</translation>
    </message>
    <message>
        <source>mailbox %1, UIDL %2</source>
        <translation>邮箱 %1，UIDL %2</translation>
    </message>
</context>
<context>
    <name>hivepost::mailbox::Pop3Fetcher</name>
    <message>
        <source>%1 did not answer within %2 s.</source>
        <translation>%1 在 %2 秒内没有响应。</translation>
    </message>
    <message>
        <source>%1 closed the connection.</source>
        <translation>%1 关闭了连接。</translation>
    </message>
    <message>
        <source>Cannot talk to %1: %2</source>
        <translation>无法与 %1 通信：%2</translation>
    </message>
    <message>
        <source>%1 sent a message larger than 64 MB.</source>
        <translation>%1 发送的邮件大于 64 MB。</translation>
    </message>
    <message>
        <source>%1 refused the session: %2</source>
        <translation>%1 拒绝了会话：%2</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS; nothing was sent unencrypted.</source>
        <translation>%1 不支持 STARTTLS；未以明文发送任何内容。</translation>
    </message>
    <message>
        <source>%1 refused STARTTLS: %2</source>
        <translation>%1 拒绝了 STARTTLS：%2</translation>
    </message>
    <message>
        <source>%1 refused the login of %2: %3</source>
        <translation>%1 拒绝了 %2 的登录：%3</translation>
    </message>
    <message>
        <source>%1 refused the command: %2</source>
        <translation>%1 拒绝了命令：%2</translation>
    </message>
    <message>
        <source>The connection to %1 is not encrypted; the password was not sent.</source>
        <translation>与 %1 的连接未加密；未发送密码。</translation>
    </message>
    <message>
        <source>The user name or password has a line break.</source>
        <translation>用户名或密码中含有换行符。</translation>
    </message>
</context>
<context>
    <name>hivepost::secrets::FileSecretStore</name>
    <message>
        <source>The secrets file “%1” may be read or changed by other users; make it private (chmod 600) and try again.</source>
        <translation>密钥文件“%1”可被其他用户读取或修改；请将其设为私有（chmod 600）后重试。</translation>
    </message>
    <message>
        <source>Cannot read the secrets file “%1”: %2</source>
        <translation>无法读取密钥文件“%1”：%2</translation>
    </message>
    <message>
        <source>The secrets file “%1” is damaged (offset %2: %3); it was left as it is.</source>
        <translation>密钥文件“%1”已损坏（偏移 %2：%3）；已保持原样。</translation>
    </message>
    <message>
        <source>Cannot create the folder of “%1”.</source>
        <translation>无法创建“%1”所在的文件夹。</translation>
    </message>
    <message>
        <source>Cannot write the secrets file “%1”: %2</source>
        <translation>无法写入密钥文件“%1”：%2</translation>
    </message>
    <message>
        <source>The secrets file “%1” holds nothing for “%2”.</source>
        <translation>密钥文件“%1”中没有“%2”。</translation>
    </message>
    <message>
        <source>the private file %1</source>
        <translation>私有文件 %1</translation>
    </message>
</context>
<context>
    <name>hivepost::secrets::KeychainSecretStore</name>
    <message>
        <source>the system keychain</source>
        <translation>系统钥匙串</translation>
    </message>
</context>
<context>
    <name>hivepost::secrets::KeychainStore</name>
    <message>
        <source>The system keychain did not answer within %1 seconds.</source>
        <translation>系统钥匙串在 %1 秒内没有响应。</translation>
    </message>
    <message>
        <source>The system keychain is not available: %1</source>
        <translation>系统钥匙串不可用：%1</translation>
    </message>
    <message>
        <source>The system keychain holds no “%1”.</source>
        <translation>系统钥匙串中没有“%1”。</translation>
    </message>
</context>
<context>
    <name>hivepost::secrets::MemorySecretStore</name>
    <message>
        <source>No secret is kept for “%1”.</source>
        <translation>没有保存“%1”的密钥。</translation>
    </message>
    <message>
        <source>this session&apos;s memory</source>
        <translation>本次会话的内存</translation>
    </message>
</context>
<context>
    <name>hivepost::secrets::SecretStore</name>
    <message>
        <source>“%1” is not a secret store: use keychain, file:PATH or memory.</source>
        <translation>“%1”不是有效的密钥存储：请使用 keychain、file:PATH 或 memory。</translation>
    </message>
</context>
<context>
    <name>hivepost::smtp::MailOut</name>
    <message>
        <source>The server closed the connection.</source>
        <translation>服务器关闭了连接。</translation>
    </message>
</context>
<context>
    <name>hivepost::smtp::SmtpClient</name>
    <message>
        <source>The certificate of %1 cannot be trusted: %2</source>
        <translation>%1 的证书不可信：%2</translation>
    </message>
    <message>
        <source>The server sent a malformed reply.</source>
        <translation>服务器发送了格式错误的响应。</translation>
    </message>
    <message>
        <source>The server refused the connection: %1</source>
        <translation>服务器拒绝了连接：%1</translation>
    </message>
    <message>
        <source>The server refused EHLO: %1</source>
        <translation>服务器拒绝了 EHLO：%1</translation>
    </message>
    <message>
        <source>The server refused HELO: %1</source>
        <translation>服务器拒绝了 HELO：%1</translation>
    </message>
    <message>
        <source>The server refused STARTTLS (%1); not sending without encryption.</source>
        <translation>服务器拒绝了 STARTTLS（%1）；不会在未加密的情况下发送。</translation>
    </message>
    <message>
        <source>Signing in to %1 failed: %2</source>
        <translation>登录 %1 失败：%2</translation>
    </message>
    <message>
        <source>The server refused the sender: %1</source>
        <translation>服务器拒绝了发件人：%1</translation>
    </message>
    <message>
        <source>The server refused the recipient: %1</source>
        <translation>服务器拒绝了收件人：%1</translation>
    </message>
    <message>
        <source>The server refused the message: %1</source>
        <translation>服务器拒绝了邮件：%1</translation>
    </message>
    <message>
        <source>The server refused RSET: %1</source>
        <translation>服务器拒绝了 RSET：%1</translation>
    </message>
    <message>
        <source>The server closed the connection: %1</source>
        <translation>服务器关闭了连接：%1</translation>
    </message>
    <message>
        <source>%1 does not offer STARTTLS; not sending without encryption.</source>
        <translation>%1 不支持 STARTTLS；不会在未加密的情况下发送。</translation>
    </message>
    <message>
        <source>Not sending the password to %1 without encryption (allow it explicitly if you must).</source>
        <translation>不会以未加密方式向 %1 发送密码（如确有必要，请明确允许）。</translation>
    </message>
    <message>
        <source>%1 does not offer AUTH %2 (it offers:%3).</source>
        <translation>%1 不支持 AUTH %2（它支持：%3）。</translation>
    </message>
    <message>
        <source>Not connected to the server.</source>
        <translation>未连接到服务器。</translation>
    </message>
    <message>
        <source>The message has no recipient.</source>
        <translation>邮件没有收件人。</translation>
    </message>
    <message>
        <source>The message (%1 bytes) is larger than %2 accepts (%3 bytes).</source>
        <translation>邮件（%1 字节）超过了 %2 接受的大小（%3 字节）。</translation>
    </message>
    <message>
        <source>%1 cannot take 8-bit data (no 8BITMIME).</source>
        <translation>%1 无法接收 8 位数据（不支持 8BITMIME）。</translation>
    </message>
    <message>
        <source>The connection to %1 was lost (%2).</source>
        <translation>与 %1 的连接已断开（%2）。</translation>
    </message>
    <message>
        <source>The connection was closed.</source>
        <translation>连接已关闭。</translation>
    </message>
    <message>
        <source>Timed out connecting to %1.</source>
        <translation>连接 %1 超时。</translation>
    </message>
    <message>
        <source>Timed out waiting for %1 to answer.</source>
        <translation>等待 %1 响应超时。</translation>
    </message>
    <message>
        <source>%1 has a non-ASCII local part, and %2 does not offer SMTPUTF8 (RFC 6531): send it through an account whose server does.</source>
        <translation>%1 的本地部分含非 ASCII 字符，而 %2 不支持 SMTPUTF8（RFC 6531）：请改用服务器支持它的账户发送。</translation>
    </message>
</context>
<context>
    <name>hivepost::ui</name>
    <message>
        <source>Campaign report: %1</source>
        <translation>营销活动报告：%1</translation>
    </message>
    <message>
        <source>The PDF file cannot be written.</source>
        <translation>无法写入 PDF 文件。</translation>
    </message>
    <message>
        <source>%1 · %2 recipients · written %3</source>
        <translation>%1 · %2 位收件人 · 生成于 %3</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Delivery rate</source>
        <translation>送达率</translation>
    </message>
    <message>
        <source>Bounce rate</source>
        <translation>退信率</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Bounced later</source>
        <translation>发送后退信</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>已延迟</translation>
    </message>
    <message>
        <source>Unknown outcome</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Unsubscribes</source>
        <translation>退订</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>用时</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Sent and refused per minute</source>
        <translation>每分钟发送与拒收</translation>
    </message>
    <message>
        <source>Bounce reasons</source>
        <translation>退信原因</translation>
    </message>
    <message>
        <source>Top domains</source>
        <translation>主要域名</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Throttled</source>
        <translation>被限速</translation>
    </message>
    <message>
        <source>Time per message</source>
        <translation>每封用时</translation>
    </message>
    <message>
        <source>Domains (top 20)</source>
        <translation>域名（前 20）</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>域名</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>退信</translation>
    </message>
    <message>
        <source>Rate-limited</source>
        <translation>被限速</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Bounces</source>
        <translation>退信</translation>
    </message>
    <message>
        <source>Hard</source>
        <translation>硬退信</translation>
    </message>
    <message>
        <source>What a server said</source>
        <translation>服务器的回复</translation>
    </message>
    <message>
        <source>Engagement</source>
        <translation>互动</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>Opened by people</source>
        <translation>真人打开</translation>
    </message>
    <message>
        <source>Open rate</source>
        <translation>打开率</translation>
    </message>
    <message>
        <source>Clicked</source>
        <translation>已点击</translation>
    </message>
    <message>
        <source>Clicked by people</source>
        <translation>真人点击</translation>
    </message>
    <message>
        <source>Click-to-open</source>
        <translation>点击/打开比</translation>
    </message>
    <message>
        <source>Opens and clicks per hour</source>
        <translation>每小时打开与点击</translation>
    </message>
    <message>
        <source>Clicks per link</source>
        <translation>各链接点击</translation>
    </message>
    <message>
        <source>Unsubscribed from</source>
        <translation>退订的类别</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>Unique clicks</source>
        <translation>独立点击</translation>
    </message>
    <message>
        <source>By people</source>
        <translation>真人</translation>
    </message>
    <message>
        <source>All clicks</source>
        <translation>全部点击</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::AboutDialog</name>
    <message>
        <source>About Hivepost</source>
        <translation>关于 Hivepost</translation>
    </message>
    <message>
        <source>Bulk e-mail campaigns from the desktop.</source>
        <translation>桌面端的邮件群发营销工具。</translation>
    </message>
    <message>
        <source>Built with Qt %1 (running on %2).</source>
        <translation>基于 Qt %1 构建（运行于 %2）。</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Icons drawn for Hivepost, dedicated to the public domain (CC0 1.0).</source>
        <translation>图标为 Hivepost 专门绘制，以 CC0 1.0 贡献至公有领域。</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::AccountsPage</name>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Sending accounts</source>
        <translation>发信账户</translation>
    </message>
    <message>
        <source>&amp;New Account</source>
        <translation>新建账户(&amp;N)</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS（端口 587）</translation>
    </message>
    <message>
        <source>TLS from the start (port 465)</source>
        <translation>直接 TLS（端口 465）</translation>
    </message>
    <message>
        <source>None (not encrypted)</source>
        <translation>无（不加密）</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Encryption:</source>
        <translation>加密(&amp;E)：</translation>
    </message>
    <message>
        <source>HELO name:</source>
        <translation>HELO 名称：</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Password (PLAIN)</source>
        <translation>密码（PLAIN）</translation>
    </message>
    <message>
        <source>Password (LOGIN)</source>
        <translation>密码（LOGIN）</translation>
    </message>
    <message>
        <source>OAuth 2 token (XOAUTH2)</source>
        <translation>OAuth 2 令牌（XOAUTH2）</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Environment variable</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>Private file (mode 600)</source>
        <translation>私有文件（权限 600）</translation>
    </message>
    <message>
        <source>variable name or file path</source>
        <translation>变量名或文件路径</translation>
    </message>
    <message>
        <source>Store a Password in a Private File…</source>
        <translation>将密码保存到私有文件…</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>方式(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>Password from:</source>
        <translation>密码来源：</translation>
    </message>
    <message>
        <source>Passwords are never stored in the Hivepost database.</source>
        <translation>密码永远不会保存在 Hivepost 数据库中。</translation>
    </message>
    <message>
        <source>Sending limits</source>
        <translation>发送限制</translation>
    </message>
    <message>
        <source>news@example.com, @example.com</source>
        <translation>news@example.com, @example.com</translation>
    </message>
    <message>
        <source>May send as:</source>
        <translation>允许的发件地址：</translation>
    </message>
    <message>
        <source>Parallel connections:</source>
        <translation>并行连接数：</translation>
    </message>
    <message>
        <source>Messages per connection:</source>
        <translation>每个连接的邮件数：</translation>
    </message>
    <message>
        <source>Per second:</source>
        <translation>每秒：</translation>
    </message>
    <message>
        <source>Per minute:</source>
        <translation>每分钟：</translation>
    </message>
    <message>
        <source>Per hour:</source>
        <translation>每小时：</translation>
    </message>
    <message>
        <source>Per day:</source>
        <translation>每天：</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>also trust the CA certificates in this PEM file</source>
        <translation>同时信任此 PEM 文件中的 CA 证书</translation>
    </message>
    <message>
        <source>Extra CA:</source>
        <translation>额外 CA：</translation>
    </message>
    <message>
        <source>Trusted certificate:</source>
        <translation>已信任的证书：</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Save Account</source>
        <translation>保存账户(&amp;S)</translation>
    </message>
    <message>
        <source>The conversation with the server appears here when you test the connection.</source>
        <translation>测试连接时，与服务器的对话会显示在这里。</translation>
    </message>
    <message>
        <source>Store the Password in a File</source>
        <translation>将密码保存到文件</translation>
    </message>
    <message>
        <source>The password will be kept in a file only your user can read (mode 600), outside the database. Anyone with access to your user account can read it.</source>
        <translation>密码将保存在数据库之外、只有您的用户可读的文件中（权限 600）。任何能访问您用户账户的人都可以读取它。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>not tested</source>
        <translation>未测试</translation>
    </message>
    <message>
        <source>test passed</source>
        <translation>测试通过</translation>
    </message>
    <message>
        <source>test failed</source>
        <translation>测试失败</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>(stored)</source>
        <translation>（已保存）</translation>
    </message>
    <message>
        <source>Account “%1” saved.</source>
        <translation>账户“%1”已保存。</translation>
    </message>
    <message>
        <source>Subject: %1
Issuer: %2
Valid: %3 to %4
SHA-256: %5</source>
        <translation>主体：%1
签发者：%2
有效期：%3 至 %4
SHA-256：%5</translation>
    </message>
    <message>
        <source>Untrusted Certificate</source>
        <translation>不受信任的证书</translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified. Trust it only if you know this is your server&apos;s certificate.</source>
        <translation>无法验证服务器的证书。只有在确认这是您服务器的证书时才信任它。</translation>
    </message>
    <message>
        <source>Trust This Certificate for This Account</source>
        <translation>为此账户信任此证书</translation>
    </message>
    <message>
        <source>Account &amp;name:</source>
        <translation>账户名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Where Hivepost reads the password when it connects.</source>
        <translation>Hivepost 连接时从哪里读取密码。</translation>
    </message>
    <message>
        <source>Allow the password without encryption</source>
        <translation>允许在未加密时发送密码</translation>
    </message>
    <message>
        <source>System keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>This session only (memory)</source>
        <translation>仅本次会话（内存）</translation>
    </message>
    <message>
        <source>type to change; kept where chosen below, never in the database</source>
        <translation>输入以更改；保存在下方所选位置，绝不存入数据库</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>The password is read from the environment variable; it was not stored.</source>
        <translation>密码从环境变量读取；未被保存。</translation>
    </message>
    <message>
        <source>No System Keychain</source>
        <translation>没有系统钥匙串</translation>
    </message>
    <message>
        <source>%1

Keep the password in memory until Hivepost quits, or store it in a file only your user can read?</source>
        <translation>%1

将密码保存在内存中直到 Hivepost 退出，还是保存到只有您的用户可读的文件中？</translation>
    </message>
    <message>
        <source>Keep for This Session</source>
        <translation>仅在本次会话中保留</translation>
    </message>
    <message>
        <source>Store in a Private File</source>
        <translation>保存到私有文件</translation>
    </message>
    <message>
        <source>The password of “%1” is kept in %2.</source>
        <translation>“%1”的密码已保存在%2中。</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::BouncesPage</name>
    <message>
        <source>address does not exist</source>
        <translation>地址不存在</translation>
    </message>
    <message>
        <source>domain does not exist</source>
        <translation>域名不存在</translation>
    </message>
    <message>
        <source>mailbox full</source>
        <translation>邮箱已满</translation>
    </message>
    <message>
        <source>filtered by the recipient</source>
        <translation>被收件人过滤</translation>
    </message>
    <message>
        <source>sender rejected</source>
        <translation>发件人被拒绝</translation>
    </message>
    <message>
        <source>sending server blocked</source>
        <translation>发送服务器被封禁</translation>
    </message>
    <message>
        <source>taken for spam</source>
        <translation>被判为垃圾邮件</translation>
    </message>
    <message>
        <source>against the receiver&apos;s policy</source>
        <translation>违反收件方策略</translation>
    </message>
    <message>
        <source>security error</source>
        <translation>安全错误</translation>
    </message>
    <message>
        <source>gave up after retrying</source>
        <translation>多次重试后放弃</translation>
    </message>
    <message>
        <source>mailbox suspended</source>
        <translation>邮箱已停用</translation>
    </message>
    <message>
        <source>too many messages</source>
        <translation>发送过于频繁</translation>
    </message>
    <message>
        <source>domain accepts no mail</source>
        <translation>该域名不接收邮件</translation>
    </message>
    <message>
        <source>relaying denied</source>
        <translation>拒绝中继</translation>
    </message>
    <message>
        <source>SPF/DKIM/DMARC failed</source>
        <translation>SPF/DKIM/DMARC 验证失败</translation>
    </message>
    <message>
        <source>no reverse DNS</source>
        <translation>没有反向 DNS</translation>
    </message>
    <message>
        <source>content error</source>
        <translation>内容错误</translation>
    </message>
    <message>
        <source>message too large</source>
        <translation>邮件过大</translation>
    </message>
    <message>
        <source>receiving system error</source>
        <translation>收件系统错误</translation>
    </message>
    <message>
        <source>network error</source>
        <translation>网络错误</translation>
    </message>
    <message>
        <source>mail program error</source>
        <translation>邮件程序错误</translation>
    </message>
    <message>
        <source>address has moved</source>
        <translation>地址已迁移</translation>
    </message>
    <message>
        <source>spam complaint</source>
        <translation>垃圾邮件投诉</translation>
    </message>
    <message>
        <source>out of office</source>
        <translation>外出自动回复</translation>
    </message>
    <message>
        <source>unsubscribe e-mail</source>
        <translation>退订邮件</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Bounces &amp;amp; Suppression&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;退信与屏蔽&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Bounce log</source>
        <translation>退信记录</translation>
    </message>
    <message>
        <source>Suppression list</source>
        <translation>屏蔽名单</translation>
    </message>
    <message>
        <source>Bounce mailboxes</source>
        <translation>退信邮箱</translation>
    </message>
    <message>
        <source>Hard and soft</source>
        <translation>硬退信和软退信</translation>
    </message>
    <message>
        <source>Hard only</source>
        <translation>仅硬退信</translation>
    </message>
    <message>
        <source>Soft only</source>
        <translation>仅软退信</translation>
    </message>
    <message>
        <source>Campaign:</source>
        <translation>营销活动：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Hard</source>
        <translation>硬退信</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>What the server said</source>
        <translation>服务器的回复</translation>
    </message>
    <message>
        <source>Undo action</source>
        <translation>撤销处理</translation>
    </message>
    <message>
        <source>Put back the contact&apos;s status and remove the suppression this entry added.</source>
        <translation>恢复联系人的状态，并移除这条记录添加的屏蔽。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>These addresses and domains are never mailed, whatever list they are on.</source>
        <translation>无论在哪个列表中，这些地址和域名都不会收到邮件。</translation>
    </message>
    <message>
        <source>Address or @domain</source>
        <translation>地址或 @域名</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>ann@example.com or @example.com</source>
        <translation>ann@example.com 或 @example.com</translation>
    </message>
    <message>
        <source>Why (optional)</source>
        <translation>原因（可选）</translation>
    </message>
    <message>
        <source>Suppress</source>
        <translation>屏蔽</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>移除所选</translation>
    </message>
    <message>
        <source>Hivepost reads these mailboxes for bounces, complaints and unsubscribe e-mails. Other mail in them is never touched.</source>
        <translation>Hivepost 从这些邮箱读取退信、投诉和退订邮件；其中的其他邮件不会被改动。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Last poll</source>
        <translation>上次读取</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Poll now</source>
        <translation>立即读取</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>kept in a private file, never in the database</source>
        <translation>保存在私有文件中，绝不存入数据库</translation>
    </message>
    <message>
        <source>optional: a PEM file of extra CA certificates</source>
        <translation>可选：额外 CA 证书的 PEM 文件</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>CA file:</source>
        <translation>CA 文件：</translation>
    </message>
    <message>
        <source>move processed bounces to</source>
        <translation>处理后的退信移至</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Add mailbox</source>
        <translation>添加邮箱</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>全部营销活动</translation>
    </message>
    <message>
        <source>All reasons</source>
        <translation>全部原因</translation>
    </message>
    <message>
        <source>bounce</source>
        <translation>退信</translation>
    </message>
    <message>
        <source>complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>auto-reply</source>
        <translation>自动回复</translation>
    </message>
    <message>
        <source>unsubscribe</source>
        <translation>退订</translation>
    </message>
    <message>
        <source>suppressed</source>
        <translation>已屏蔽</translation>
    </message>
    <message>
        <source>unsubscribed</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>hard</source>
        <translation>硬</translation>
    </message>
    <message>
        <source>soft</source>
        <translation>软</translation>
    </message>
    <message>
        <source>%1 (undone)</source>
        <translation>%1（已撤销）</translation>
    </message>
    <message>
        <source>From: %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <source>%1 bounces (%2 hard, %3 soft), %4 complaints, %5 unsubscribes; %6 addresses suppressed or unsubscribed</source>
        <translation>退信 %1 封（硬退信 %2，软退信 %3），投诉 %4 封，退订 %5 封；已屏蔽或退订 %6 个地址</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undone: %1 may be mailed again.</source>
        <translation>已撤销：可以再次向 %1 发送邮件。</translation>
    </message>
    <message>
        <source>That was undone before.</source>
        <translation>此前已撤销。</translation>
    </message>
    <message>
        <source>added by hand</source>
        <translation>手动添加</translation>
    </message>
    <message>
        <source>Bounce mailbox</source>
        <translation>退信邮箱</translation>
    </message>
    <message>
        <source>Name, server and user are needed.</source>
        <translation>需要填写名称、服务器和用户。</translation>
    </message>
    <message>
        <source>Mailbox %1 added; “Poll now” reads it.</source>
        <translation>已添加邮箱 %1；点击“立即读取”即可读取。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>%1: %2 e-mails read: %3 bounces, %4 complaints, %5 unsubscribes; %6 moved.</source>
        <translation>%1：已读取 %2 封邮件：退信 %3 封，投诉 %4 封，退订 %5 封；已移动 %6 封。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Log in and count the new messages, reading and moving nothing.</source>
        <translation>登录并统计新邮件，不读取也不移动任何邮件。</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Poll every</source>
        <translation>收取间隔</translation>
    </message>
    <message>
        <source>Add a bounce mailbox</source>
        <translation>添加退信邮箱</translation>
    </message>
    <message>
        <source>IMAP (bounces are moved to a folder)</source>
        <translation>IMAP（退信移到文件夹）</translation>
    </message>
    <message>
        <source>POP3 (nothing is deleted; read messages are remembered)</source>
        <translation>POP3（不删除任何邮件；记住已读邮件）</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>协议：</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message numerus="yes">
        <source>%1: logged in; %n new e-mail(s) to read.</source>
        <translation>
            <numerusform>%1：已登录；有 %n 封新邮件待读取。</numerusform>
        </translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任何时间</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>A poll is under way; try again when it is done.</source>
        <translation>正在读取邮箱；请在完成后再试。</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::CampaignWizard</name>
    <message>
        <source>under a minute</source>
        <translation>不到一分钟</translation>
    </message>
    <message>
        <source>about %1 minutes</source>
        <translation>约 %1 分钟</translation>
    </message>
    <message>
        <source>about %1 hours</source>
        <translation>约 %1 小时</translation>
    </message>
    <message>
        <source>about %1 days</source>
        <translation>约 %1 天</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>%1/min</source>
        <translation>%1/分钟</translation>
    </message>
    <message>
        <source>%1/h</source>
        <translation>%1/小时</translation>
    </message>
    <message>
        <source>%1/day</source>
        <translation>%1/天</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>%1 (%2:%3; %4 connections; %5)</source>
        <translation>%1（%2:%3；%4 个连接；%5）</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>e.g. Spring newsletter 2027</source>
        <translation>例如：2027 春季简报</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>A name you will recognise in reports.</source>
        <translation>一个您在报告中能认出的名称。</translation>
    </message>
    <message>
        <source>Campaign name:</source>
        <translation>活动名称：</translation>
    </message>
    <message>
        <source>There is already a campaign called “%1”.</source>
        <translation>已有名为“%1”的活动。</translation>
    </message>
    <message>
        <source>%1 (%2 contacts)</source>
        <translation>%1（%2 个联系人）</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Everyone on the chosen lists gets the message once, unless they unsubscribed, bounced, complained or are suppressed.</source>
        <translation>所选列表中的每个人都会收到一次邮件，已退订、退信、投诉或被屏蔽的除外。</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>The message; merge fields are filled in for each contact.</source>
        <translation>邮件内容；合并字段会为每位联系人填入。</translation>
    </message>
    <message>
        <source>optional, e.g. bounces.example.com</source>
        <translation>可选，例如 bounces.example.com</translation>
    </message>
    <message>
        <source> messages/s</source>
        <translation> 封/秒</translation>
    </message>
    <message>
        <source>e.g. qq.com=20, 163.com=20, gmail.com=60 (per minute)</source>
        <translation>例如：qq.com=20, 163.com=20, gmail.com=60（每分钟）</translation>
    </message>
    <message>
        <source>Sender and accounts</source>
        <translation>发件人和账户</translation>
    </message>
    <message>
        <source>Messages go out through every chosen account at once, each within its own limits; if one fails, the others take over.</source>
        <translation>邮件同时通过所有选中的账户发出，各自遵守自己的限速；一个账户失败时，其他账户接手。</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>发件人：</translation>
    </message>
    <message>
        <source>Bounce domain:</source>
        <translation>退信域名：</translation>
    </message>
    <message>
        <source>Accounts:</source>
        <translation>账户：</translation>
    </message>
    <message>
        <source>Campaign speed limit:</source>
        <translation>活动速度上限：</translation>
    </message>
    <message>
        <source>Per-domain limits:</source>
        <translation>按域名限速：</translation>
    </message>
    <message>
        <source>Start sending when I finish</source>
        <translation>完成向导后立即开始发送</translation>
    </message>
    <message>
        <source>Start at:</source>
        <translation>开始时间：</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Hivepost must be running at that time to start it.</source>
        <translation>届时 Hivepost 必须在运行才能开始发送。</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Check, then create the campaign.</source>
        <translation>检查无误后创建活动。</translation>
    </message>
    <message>
        <source>Create campaign</source>
        <translation>创建活动</translation>
    </message>
    <message>
        <source>Choose one or more lists.</source>
        <translation>请选择一个或多个列表。</translation>
    </message>
    <message>
        <source>%1 will be mailed; %2 skipped (unsubscribed, bounced, complained or suppressed).</source>
        <translation>将发送给 %1 人；跳过 %2 人（已退订、退信、投诉或被屏蔽）。</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>%1 recipients, as fast as the servers take them (no limit is set).</source>
        <translation>%1 位收件人，按服务器能接受的最快速度发送（未设置限速）。</translation>
    </message>
    <message>
        <source>%1 recipients at up to %2 messages a second: %3.</source>
        <translation>%1 位收件人，每秒最多 %2 封：%3。</translation>
    </message>
    <message>
        <source>There is no unsubscribe link or address (Settings): Gmail and Yahoo require one for bulk mail.</source>
        <translation>没有退订链接或地址（设置）：Gmail 和 Yahoo 要求批量邮件必须提供。</translation>
    </message>
    <message>
        <source>Messages from %1 will not be DKIM-signed: add a DKIM key for the domain.</source>
        <translation>来自 %1 的邮件将没有 DKIM 签名：请为该域名添加 DKIM 密钥。</translation>
    </message>
    <message>
        <source>The account %1 has never been tested.</source>
        <translation>账户 %1 从未测试过。</translation>
    </message>
    <message>
        <source>The last test of the account %1 failed: %2</source>
        <translation>账户 %1 上次测试失败：%2</translation>
    </message>
    <message>
        <source>The account %1 may not send as %2 and will not be used.</source>
        <translation>账户 %1 不能以 %2 的身份发送，将不会使用。</translation>
    </message>
    <message>
        <source>%1 recipients with no sending limit: providers may throttle or block a sudden burst.</source>
        <translation>%1 位收件人且未设置发送限速：邮件服务商可能会限流或拦截突发的大量邮件。</translation>
    </message>
    <message>
        <source>Campaign: %1
Recipients: %2
Template: %3
From: %4
Accounts: %5
Start: %6</source>
        <translation>活动：%1
收件人：%2
模板：%3
发件人：%4
账户：%5
开始：%6</translation>
    </message>
    <message>
        <source>when you click Create campaign</source>
        <translation>点击“创建活动”时</translation>
    </message>
    <message>
        <source>No warnings.</source>
        <translation>没有警告。</translation>
    </message>
    <message>
        <source>None (unsubscribe by e-mail only)</source>
        <translation>无（仅通过邮件退订）</translation>
    </message>
    <message>
        <source>Track opens (a 1×1 image)</source>
        <translation>跟踪打开（1×1 图片）</translation>
    </message>
    <message>
        <source>Track clicks (links go through the relay)</source>
        <translation>跟踪点击（链接经由中继）</translation>
    </message>
    <message>
        <source>Tracking relay:</source>
        <translation>跟踪中继：</translation>
    </message>
    <message>
        <source>Unsubscribe is by e-mail only: Gmail and Yahoo want one-click unsubscribe over HTTPS (RFC 8058) from bulk senders. Choose a tracking relay.</source>
        <translation>目前只能通过邮件退订：Gmail 和 Yahoo 要求批量发件人提供基于 HTTPS 的一键退订（RFC 8058）。请选择一个跟踪中继。</translation>
    </message>
    <message>
        <source>The relay %1 is not on https: mail clients offer one-click unsubscribe only over HTTPS.</source>
        <translation>中继 %1 未使用 https：邮件客户端只在 HTTPS 下提供一键退订。</translation>
    </message>
    <message>
        <source>%1 of the %2 contacts to be mailed have no “%3”: their messages get an empty value where {{%3}} is. Give it a fallback in the template, {{%3|…}}, or fill the field.</source>
        <translation>将发送的 %2 个联系人中有 %1 个没有“%3”：他们的邮件中 {{%3}} 处将为空。请在模板中为它设置默认值 {{%3|…}}，或补全该字段。</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::CampaignsPage</name>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>已延迟</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Unknown outcome</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>已计划</translation>
    </message>
    <message>
        <source>Waiting for retries</source>
        <translation>等待重试</translation>
    </message>
    <message>
        <source>Pausing</source>
        <translation>正在暂停</translation>
    </message>
    <message>
        <source>Cancelling</source>
        <translation>正在取消</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Backing off</source>
        <translation>退避中</translation>
    </message>
    <message>
        <source>Fetching password</source>
        <translation>正在获取密码</translation>
    </message>
    <message>
        <source>Not sending</source>
        <translation>未在发送</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>New campaign…</source>
        <translation>新建活动…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel campaign</source>
        <translation>取消活动</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>No errors.</source>
        <translation>没有错误。</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Recent errors</source>
        <translation>最近的错误</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>无法开始</translation>
    </message>
    <message>
        <source>Sending “%1”.</source>
        <translation>正在发送“%1”。</translation>
    </message>
    <message>
        <source>Cancel “%1”? Nobody else will be sent to; this cannot be undone.</source>
        <translation>取消“%1”？将不再向任何人发送；此操作无法撤销。</translation>
    </message>
    <message>
        <source>It was sending when Hivepost stopped, or it waits to retry deferred recipients: Resume to go on.</source>
        <translation>Hivepost 停止时它正在发送，或正在等待重试延迟的收件人：点击“继续”以继续。</translation>
    </message>
    <message>
        <source>%1 messages/s — time left %2</source>
        <translation>%1 封/秒 — 剩余时间 %2</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Sending elsewhere</source>
        <translation>正在别处发送</translation>
    </message>
    <message>
        <source>Another Hivepost (%1) is sending it; the numbers here are from the database.</source>
        <translation>另一个 Hivepost（%1）正在发送；此处的数字来自数据库。</translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation>“%1”：%2</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::ContactDialog</name>
    <message>
        <source>Edit Contact</source>
        <translation>编辑联系人</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>邮箱(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>名(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Last name:</source>
        <translation>姓(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>Custom fields:</source>
        <translation>自定义字段：</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>历史记录：</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Nothing yet: no campaign has gone to this contact.</source>
        <translation>暂无记录：还没有活动发送给此联系人。</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>已退信</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>Clicked</source>
        <translation>已点击</translation>
    </message>
    <message>
        <source>Unsubscribed</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>Changed preferences</source>
        <translation>更改了订阅偏好</translation>
    </message>
    <message>
        <source>Signed up (confirmed)</source>
        <translation>已注册（已确认）</translation>
    </message>
    <message>
        <source>by a mail proxy, not a person</source>
        <translation>由邮件代理而非真人</translation>
    </message>
    <message>
        <source>by a security scanner</source>
        <translation>由安全扫描程序</translation>
    </message>
    <message>
        <source>again</source>
        <translation>重复</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::ContactTableModel</name>
    <message>
        <source>Subscribed</source>
        <translation>已订阅</translation>
    </message>
    <message>
        <source>Unsubscribed</source>
        <translation>已退订</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>已退信</translation>
    </message>
    <message>
        <source>Complained</source>
        <translation>已投诉</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>First Name</source>
        <translation>名</translation>
    </message>
    <message>
        <source>Last Name</source>
        <translation>姓</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::ContactsPage</name>
    <message>
        <source>Lists</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>New List…</source>
        <translation>新建列表…</translation>
    </message>
    <message>
        <source>Delete List</source>
        <translation>删除列表</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Search e-mail or name</source>
        <translation>搜索邮箱或姓名</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Add to List…</source>
        <translation>加入列表(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Move to List…</source>
        <translation>移到列表(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>All contacts (%1)</source>
        <translation>全部联系人（%1）</translation>
    </message>
    <message>
        <source>1 contact</source>
        <translation>1 位联系人</translation>
    </message>
    <message>
        <source>%1 contacts</source>
        <translation>%1 位联系人</translation>
    </message>
    <message>
        <source>Contacts deleted: %1.</source>
        <translation>已删除联系人：%1。</translation>
    </message>
    <message>
        <source>Contacts moved to %1: %2.</source>
        <translation>已移到 %1 的联系人：%2。</translation>
    </message>
    <message>
        <source>Contacts added to %1: %2.</source>
        <translation>已加入 %1 的联系人：%2。</translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
    <message>
        <source>Contacts exported to %1: %2.</source>
        <translation>已导出到 %1 的联系人：%2。</translation>
    </message>
    <message>
        <source>Delete Contacts</source>
        <translation>删除联系人</translation>
    </message>
    <message>
        <source>Delete the %1 selected contacts from every list? This cannot be undone.</source>
        <translation>要从所有列表中删除选中的 %1 位联系人吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Move to List</source>
        <translation>移到列表</translation>
    </message>
    <message>
        <source>Add to List</source>
        <translation>加入列表</translation>
    </message>
    <message>
        <source>List (a new name creates it):</source>
        <translation>列表（输入新名称将新建列表）：</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Export Contacts</source>
        <translation>导出联系人</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>New List</source>
        <translation>新建列表</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Delete the list “%1”? Its contacts stay in Hivepost.</source>
        <translation>要删除列表“%1”吗？其中的联系人仍保留在 Hivepost 中。</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::FirstRunAssistant</name>
    <message>
        <source>Getting Started with Hivepost</source>
        <translation>Hivepost 入门向导</translation>
    </message>
    <message>
        <source>Your Sending Account</source>
        <translation>您的发信账户</translation>
    </message>
    <message>
        <source>Enter the SMTP server your e-mail provider gives you (host, port, security, user name and password), then click Test Connection. Next saves the account.</source>
        <translation>填写邮件服务商提供的 SMTP 服务器（服务器地址、端口、加密方式、用户名和密码），然后点击“测试连接”。点击“下一步”即保存账户。</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Your Contacts</source>
        <translation>您的联系人</translation>
    </message>
    <message>
        <source>Import a list from a CSV file (in Excel: Save As › CSV UTF-8), or try Hivepost with the sample list of fictional contacts. You can skip this step and import later.</source>
        <translation>从 CSV 文件导入列表（在 Excel 中：另存为 › CSV UTF-8），或先用虚构联系人的示例列表试用 Hivepost。也可以跳过此步，以后再导入。</translation>
    </message>
    <message>
        <source>&amp;Import a CSV File…</source>
        <translation>导入 CSV 文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Use the &amp;Sample List</source>
        <translation>使用示例列表(&amp;S)</translation>
    </message>
    <message>
        <source>The sample list has 1,010 rows, with a few duplicates and invalid addresses to show how the import treats them. Its addresses are on example domains: use it to try Hivepost, not to send.</source>
        <translation>示例列表共 1,010 行，其中有少量重复和无效地址，用来演示导入如何处理它们。其地址都在示例域名下：仅供试用，请勿真正发送。</translation>
    </message>
    <message>
        <source>Import Contacts</source>
        <translation>导入联系人</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Sample list</source>
        <translation>示例列表</translation>
    </message>
    <message>
        <source>The sample list cannot be unpacked into %1.</source>
        <translation>无法将示例列表解压到 %1。</translation>
    </message>
    <message>
        <source>No contacts yet.</source>
        <translation>还没有联系人。</translation>
    </message>
    <message>
        <source>Your lists: %1.</source>
        <translation>您的列表：%1。</translation>
    </message>
    <message>
        <source>Your First Template</source>
        <translation>您的第一个模板</translation>
    </message>
    <message>
        <source>Begin from a starter: each is responsive, has an unsubscribe link and works in every mail program. You can change everything later on the Templates page.</source>
        <translation>从入门模板开始：每个模板都是响应式的，带有退订链接，适用于各种邮件程序。之后可在“模板”页面修改任何内容。</translation>
    </message>
    <message>
        <source>Template &amp;name:</source>
        <translation>模板名称(&amp;N)：</translation>
    </message>
    <message>
        <source>A template named “%1” exists already: choose another name.</source>
        <translation>已有名为“%1”的模板：请换一个名称。</translation>
    </message>
    <message>
        <source>Send a Test to Yourself</source>
        <translation>给自己发送测试邮件</translation>
    </message>
    <message>
        <source>Enter the From address your contacts will see and your own address, then click Send: the message goes through your new account, made as a contact will receive it.</source>
        <translation>填写联系人将看到的发件人地址和您自己的地址，然后点击“发送”：邮件经由您的新账户发出，内容与联系人收到的一样。</translation>
    </message>
    <message>
        <source>When you finish, create your first campaign on the Campaigns page: choose the list, the template and the account, and start.</source>
        <translation>完成后，请在“营销活动”页面创建您的第一个活动：选择列表、模板和账户，然后开始发送。</translation>
    </message>
    <message>
        <source>“%1”: 1 contact</source>
        <translation>“%1”：1 位联系人</translation>
    </message>
    <message>
        <source>“%1”: %2 contacts</source>
        <translation>“%1”：%2 位联系人</translation>
    </message>
    <message>
        <source>The connection test passed: %1</source>
        <translation>连接测试通过：%1</translation>
    </message>
    <message>
        <source>The connection test failed: %1</source>
        <translation>连接测试失败：%1</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::ImportWizard</name>
    <message>
        <source>Choose a File</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>A CSV or text file exported from Excel, Outlook or another mailing tool.</source>
        <translation>从 Excel、Outlook 或其他邮件工具导出的 CSV 或文本文件。</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Import Contacts</source>
        <translation>导入联系人</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt *.tsv);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Check the Preview</source>
        <translation>检查预览</translation>
    </message>
    <message>
        <source>The first rows as Hivepost reads them. If the text looks wrong, choose another encoding or delimiter.</source>
        <translation>这是 Hivepost 读取到的前几行。如果文字显示不正确，请选择其他编码或分隔符。</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Chinese (GB18030/GBK)</source>
        <translation>中文 (GB18030/GBK)</translation>
    </message>
    <message>
        <source>Comma ( , )</source>
        <translation>逗号 ( , )</translation>
    </message>
    <message>
        <source>Semicolon ( ; )</source>
        <translation>分号 ( ; )</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>Vertical bar ( | )</source>
        <translation>竖线 ( | )</translation>
    </message>
    <message>
        <source>&amp;Encoding:</source>
        <translation>编码(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Delimiter:</source>
        <translation>分隔符(&amp;D)：</translation>
    </message>
    <message>
        <source>This file cannot be imported: %1</source>
        <translation>无法导入此文件：%1</translation>
    </message>
    <message>
        <source>Read as %1, columns separated by %2: %3 columns.</source>
        <translation>按 %1 读取，列以 %2 分隔：共 %3 列。</translation>
    </message>
    <message>
        <source>tabs</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>Map the Columns</source>
        <translation>映射列</translation>
    </message>
    <message>
        <source>Choose what each column holds. Columns Hivepost does not know become custom fields you can use in templates.</source>
        <translation>选择每一列的内容。Hivepost 不认识的列将成为自定义字段，可在模板中使用。</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>第一个值</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>Do not import</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>邮箱地址</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>名</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>姓</translation>
    </message>
    <message>
        <source>Custom field “%1”</source>
        <translation>自定义字段“%1”</translation>
    </message>
    <message>
        <source>Choose the column that holds the e-mail addresses.</source>
        <translation>请选择包含邮箱地址的列。</translation>
    </message>
    <message>
        <source>Only one column can hold the e-mail addresses.</source>
        <translation>只能有一列作为邮箱地址。</translation>
    </message>
    <message>
        <source>Choose the List</source>
        <translation>选择列表</translation>
    </message>
    <message>
        <source>New contacts are added; contacts you already have join the list too.</source>
        <translation>新联系人将被添加；已有的联系人也会加入该列表。</translation>
    </message>
    <message>
        <source>Add to &amp;list:</source>
        <translation>加入列表(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Update existing contacts with the values in this file</source>
        <translation>用此文件中的值更新已有联系人(&amp;U)</translation>
    </message>
    <message>
        <source>If the file turns out to be broken, import &amp;nothing</source>
        <translation>如果文件有错误，则全部不导入(&amp;N)</translation>
    </message>
    <message>
        <source>Unsubscribed and bounced contacts stay that way. Addresses on the suppression list are stored but never mailed.</source>
        <translation>已退订和已退信的联系人保持原状态。屏蔽列表中的地址会被保存，但永远不会收到邮件。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>&amp;Cancel Import</source>
        <translation>取消导入(&amp;C)</translation>
    </message>
    <message>
        <source>%1 rows read</source>
        <translation>已读取 %1 行</translation>
    </message>
    <message>
        <source>Import Report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>&amp;Save Rejected Rows as CSV…</source>
        <translation>将被拒绝的行另存为 CSV(&amp;S)…</translation>
    </message>
    <message>
        <source>Save Rejected Rows</source>
        <translation>保存被拒绝的行</translation>
    </message>
    <message>
        <source>rejected.csv</source>
        <translation>被拒绝的行.csv</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>The import is complete.</source>
        <translation>导入完成。</translation>
    </message>
    <message>
        <source>The import was cancelled; the rows before it were saved.</source>
        <translation>导入已取消；之前的行已保存。</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was saved.</source>
        <translation>导入已取消；没有保存任何内容。</translation>
    </message>
    <message>
        <source>The import stopped at an error; the rows before it were saved: %1</source>
        <translation>导入因错误而停止；错误之前的行已保存：%1</translation>
    </message>
    <message>
        <source>The import stopped at an error; nothing was saved: %1</source>
        <translation>导入因错误而停止；没有保存任何内容：%1</translation>
    </message>
    <message>
        <source>Rows in the file</source>
        <translation>文件中的行数</translation>
    </message>
    <message>
        <source>New contacts</source>
        <translation>新联系人</translation>
    </message>
    <message>
        <source>Updated contacts</source>
        <translation>已更新的联系人</translation>
    </message>
    <message>
        <source>Already up to date</source>
        <translation>无需更新</translation>
    </message>
    <message>
        <source>Duplicates in the file</source>
        <translation>文件中的重复项</translation>
    </message>
    <message>
        <source>Invalid addresses</source>
        <translation>无效地址</translation>
    </message>
    <message>
        <source>Suppressed (stored, never mailed)</source>
        <translation>已屏蔽（已保存，不会发送）</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::MainWindow</name>
    <message>
        <source>Hivepost</source>
        <translation>Hivepost</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Bounces &amp; Suppression</source>
        <translation>退信与屏蔽</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>The new language applies the next time Hivepost starts.</source>
        <translation>新的语言将在下次启动 Hivepost 时生效。</translation>
    </message>
    <message>
        <source>Database: %1 (schema %2)</source>
        <translation>数据库：%1（结构版本 %2）</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Back Up Database…</source>
        <translation>备份数据库(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Hivepost</source>
        <translation>关于 Hivepost(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Campaigns are sending</source>
        <translation>有活动正在发送</translation>
    </message>
    <message>
        <source>Pause the campaigns that are sending and quit? They can be resumed the next time.</source>
        <translation>暂停正在发送的活动并退出？下次可以继续发送。</translation>
    </message>
    <message>
        <source>Pausing the campaigns…</source>
        <translation>正在暂停活动…</translation>
    </message>
    <message>
        <source>&amp;First-Run Assistant…</source>
        <translation>入门向导(&amp;F)…</translation>
    </message>
    <message>
        <source>Your account, contacts and template are ready: click “New campaign…” to send your first campaign.</source>
        <translation>账户、联系人和模板都已就绪：点击“新建活动…”发送您的第一个活动。</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::PlaceholderPage</name>
    <message>
        <source>Not available in this version yet.</source>
        <translation>此版本尚未提供该功能。</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::RateGraph</name>
    <message>
        <source>Sending rate</source>
        <translation>发送速率</translation>
    </message>
    <message>
        <source>messages per second over the last %1 min</source>
        <translation>最近 %1 分钟内每秒发送的邮件数</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::RelaysPanel</name>
    <message>
        <source>Tracking relays</source>
        <translation>跟踪中继</translation>
    </message>
    <message>
        <source>A hivepost-relay on your own server records opens, clicks and one-click unsubscribes; Hivepost pulls them every few minutes. Gmail and Yahoo want one-click unsubscribe over HTTPS from bulk senders.</source>
        <translation>部署在您自己服务器上的 hivepost-relay 会记录打开、点击和一键退订；Hivepost 每隔几分钟拉取一次。Gmail 和 Yahoo 要求批量发件人提供基于 HTTPS 的一键退订。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Last pull</source>
        <translation>上次拉取</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>&amp;Add Relay…</source>
        <translation>添加中继(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Pull Events Now</source>
        <translation>立即拉取事件(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>正在测试 %1…</translation>
    </message>
    <message>
        <source>Pulling the events of %1…</source>
        <translation>正在拉取 %1 的事件…</translation>
    </message>
    <message>
        <source>Removed %1 and its keys.</source>
        <translation>已删除 %1 及其密钥。</translation>
    </message>
    <message>
        <source>Added %1: it took the admin key, and its signing keys are in the secret store.</source>
        <translation>已添加 %1：管理密钥已被接受，签名密钥已保存到密钥存储。</translation>
    </message>
    <message>
        <source>%1 was not added: %2</source>
        <translation>未能添加 %1：%2</translation>
    </message>
    <message>
        <source>%1 answers and takes the admin key; links are signed with key %2.</source>
        <translation>%1 有响应并接受管理密钥；链接使用密钥 %2 签名。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: %2 new events (opens %3, clicks %4, unsubscribes %5, signups %6).</source>
        <translation>%1：%2 个新事件（打开 %3，点击 %4，退订 %5，订阅 %6）。</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>A relay needs a name, an https:// address and its admin key.</source>
        <translation>中继需要名称、https:// 地址和管理密钥。</translation>
    </message>
    <message>
        <source>Asking %1 for its keys…</source>
        <translation>正在向 %1 请求密钥…</translation>
    </message>
    <message>
        <source>Add Relay</source>
        <translation>添加中继</translation>
    </message>
    <message>
        <source>printed by “hivepost-relay init”</source>
        <translation>由“hivepost-relay init”输出</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>Admin &amp;key:</source>
        <translation>管理密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::Report</name>
    <message>
        <source>sent per minute</source>
        <translation>每分钟发送</translation>
    </message>
    <message>
        <source>refused per minute</source>
        <translation>每分钟拒收</translation>
    </message>
    <message>
        <source>Nothing sent yet</source>
        <translation>尚未发送</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>opened per hour (people)</source>
        <translation>每小时真人打开</translation>
    </message>
    <message>
        <source>clicked per hour (people)</source>
        <translation>每小时真人点击</translation>
    </message>
    <message>
        <source>No opens or clicks yet</source>
        <translation>尚无打开或点击</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::ReportsPage</name>
    <message>
        <source>&lt;h2&gt;Reports&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;报告&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Delivery rate</source>
        <translation>送达率</translation>
    </message>
    <message>
        <source>Bounce rate</source>
        <translation>退信率</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export recipients CSV…</source>
        <translation>导出收件人 CSV…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>已延迟</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Throttled</source>
        <translation>被限速</translation>
    </message>
    <message>
        <source>Average time per message</source>
        <translation>每封平均用时</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>域名</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>退信</translation>
    </message>
    <message>
        <source>Rate-limited</source>
        <translation>被限速</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Bounces</source>
        <translation>退信</translation>
    </message>
    <message>
        <source>Hard</source>
        <translation>硬退信</translation>
    </message>
    <message>
        <source>What a server said</source>
        <translation>服务器的回复</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Domains (top 20)</source>
        <translation>域名（前 20）</translation>
    </message>
    <message>
        <source>Bounce reasons</source>
        <translation>退信原因</translation>
    </message>
    <message>
        <source>Recipients at %1</source>
        <translation>%1 的收件人</translation>
    </message>
    <message>
        <source>Bounced: %1</source>
        <translation>退信：%1</translation>
    </message>
    <message>
        <source>Show these recipients</source>
        <translation>显示这些收件人</translation>
    </message>
    <message>
        <source>No campaign yet: reports appear here once a campaign is created.</source>
        <translation>还没有营销活动：创建营销活动后，报告会显示在这里。</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Bounced later</source>
        <translation>发送后退信</translation>
    </message>
    <message>
        <source>Unknown outcome</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Unsubscribes</source>
        <translation>退订</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>The first 1,000 recipients:</source>
        <translation>前 1,000 位收件人：</translation>
    </message>
    <message numerus="yes">
        <source>%n recipient(s):</source>
        <translation>
            <numerusform>%n 位收件人：</numerusform>
        </translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>What the server said</source>
        <translation>服务器的回复</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Report written to %1.</source>
        <translation>报告已写入 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Slowest account: %1 (%2 ms per message).</source>
        <translation>最慢的账户：%1（每封 %2 毫秒）。</translation>
    </message>
    <message>
        <source>Most refused: %1 (%2 of its messages).</source>
        <translation>被拒收最多：%1（占其邮件的 %2）。</translation>
    </message>
    <message>
        <source>Sent through %1</source>
        <translation>经 %1 发送</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>Unique clicks</source>
        <translation>独立点击</translation>
    </message>
    <message>
        <source>By people</source>
        <translation>真人点击</translation>
    </message>
    <message>
        <source>All clicks</source>
        <translation>全部点击</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>Opened by people</source>
        <translation>真人打开</translation>
    </message>
    <message>
        <source>Clicked</source>
        <translation>已点击</translation>
    </message>
    <message>
        <source>Clicked by people</source>
        <translation>真人点击</translation>
    </message>
    <message>
        <source>Open rate</source>
        <translation>打开率</translation>
    </message>
    <message>
        <source>Click-to-open</source>
        <translation>点击打开率</translation>
    </message>
    <message>
        <source>Unsubscribed from</source>
        <translation>退订的类别</translation>
    </message>
    <message>
        <source>Engagement</source>
        <translation>互动</translation>
    </message>
    <message>
        <source>Reading the report…</source>
        <translation>正在读取报告…</translation>
    </message>
    <message>
        <source>The report is still being read.</source>
        <translation>报告仍在读取中。</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::SettingsPage</name>
    <message>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The new language applies the next time Hivepost starts.</source>
        <translation>新的语言将在下次启动 Hivepost 时生效。</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>结构版本：</translation>
    </message>
    <message>
        <source>&amp;Back Up Now…</source>
        <translation>立即备份(&amp;B)…</translation>
    </message>
    <message>
        <source>Write a consistent copy of the database to a new file, while Hivepost keeps working.</source>
        <translation>在 Hivepost 继续工作的同时，将数据库的一致副本写入新文件。</translation>
    </message>
    <message>
        <source>Back Up Database</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <source>Hivepost database (*.db)</source>
        <translation>Hivepost 数据库 (*.db)</translation>
    </message>
    <message>
        <source>Backup Failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <source>Database backed up to %1</source>
        <translation>数据库已备份到 %1</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::TemplatesPage</name>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>主题(&amp;S)：</translation>
    </message>
    <message>
        <source>Subject preview:</source>
        <translation>主题预览：</translation>
    </message>
    <message>
        <source>Insert field:</source>
        <translation>插入字段：</translation>
    </message>
    <message>
        <source>Preview as:</source>
        <translation>预览身份：</translation>
    </message>
    <message>
        <source>Desktop (600 px)</source>
        <translation>桌面（600 像素）</translation>
    </message>
    <message>
        <source>Mobile (375 px)</source>
        <translation>手机（375 像素）</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Make the plain text from the HTML</source>
        <translation>根据 HTML 生成纯文本</translation>
    </message>
    <message>
        <source>Plain Text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>Attachments, and images the HTML shows with src=&quot;cid:FILE NAME&quot;:</source>
        <translation>附件，以及 HTML 中以 src=&quot;cid:文件名&quot; 显示的图片：</translation>
    </message>
    <message>
        <source>&amp;Add File…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove File</source>
        <translation>移除文件(&amp;R)</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>&amp;Save Template</source>
        <translation>保存模板(&amp;S)</translation>
    </message>
    <message>
        <source>Add Files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <source>Sample contact (Ann Example)</source>
        <translation>示例联系人（Ann Example）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>News for {{first_name|you}}</source>
        <translation>{{first_name|您}}，这是给您的最新消息</translation>
    </message>
    <message>
        <source>%1 (inline)</source>
        <translation>%1（内嵌）</translation>
    </message>
    <message>
        <source>Sample list</source>
        <translation>示例列表</translation>
    </message>
    <message>
        <source>Sample campaign</source>
        <translation>示例营销活动</translation>
    </message>
    <message>
        <source>The template needs a name.</source>
        <translation>模板需要一个名称。</translation>
    </message>
    <message>
        <source>Template “%1” saved.</source>
        <translation>模板“%1”已保存。</translation>
    </message>
    <message>
        <source>Template “%1” deleted.</source>
        <translation>模板“%1”已删除。</translation>
    </message>
    <message>
        <source>Template &amp;name:</source>
        <translation>模板名称(&amp;N)：</translation>
    </message>
    <message>
        <source>From S&amp;tarter</source>
        <translation>从起始模板新建(&amp;T)</translation>
    </message>
    <message>
        <source>Send &amp;Test…</source>
        <translation>发送测试(&amp;T)…</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::TestSendDialog</name>
    <message>
        <source>Send a Test of “%1”</source>
        <translation>发送“%1”的测试邮件</translation>
    </message>
</context>
<context>
    <name>hivepost::ui::TestSendPanel</name>
    <message>
        <source>Your Name &lt;news@example.com&gt;</source>
        <translation>您的名字 &lt;news@example.com&gt;</translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation>you@example.com</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>发件人(&amp;F)：</translation>
    </message>
    <message>
        <source>Send &amp;to:</source>
        <translation>收件地址(&amp;T)：</translation>
    </message>
    <message>
        <source>Add a sending account first (Accounts).</source>
        <translation>请先添加发送账户（账户）。</translation>
    </message>
    <message>
        <source>Enter the From address your contacts will see.</source>
        <translation>请填写联系人将看到的发件人地址。</translation>
    </message>
    <message>
        <source>“%1” is not an e-mail address.</source>
        <translation>“%1”不是电子邮件地址。</translation>
    </message>
    <message>
        <source>Sending to %1…</source>
        <translation>正在发送到 %1…</translation>
    </message>
    <message>
        <source>Sent to %1. The server said: %2</source>
        <translation>已发送到 %1。服务器答复：%2</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>Send t&amp;hrough:</source>
        <translation>发送账户(&amp;H)：</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Hivepost cannot start</source>
        <translation>Hivepost 无法启动</translation>
    </message>
</context>
</TS>
