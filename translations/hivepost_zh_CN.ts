<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ColumnMapper</name>
    <message>
        <source>“%1”: the type must be text, number or date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a usable field name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”: write a mapping as COLUMN=FIELD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”: the file has no column “%2” (its columns: %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactBulkWriter</name>
    <message>
        <source>The database connection is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the list “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot find the list “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot add the field “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the field “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot set the type of “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contact %1 vanished during the import.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactImporter</name>
    <message>
        <source>The file is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty: there is no header row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: no column holds the e-mail addresses (the columns are: %2); map one to email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: %2 fields, the header has %3; the extra fields were ignored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: %2 fields, the header has %3; the missing ones were left empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: “%2”: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: some characters could not be decoded as %2 and were replaced; is the encoding right?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: the database refused the row: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duplicate of line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has a header row but no data rows.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactStore</name>
    <message>
        <source>Cannot read the lists: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no list called “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A list needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the list “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete the list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the custom fields: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot count the contacts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the contacts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contact no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a valid e-mail address: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown status “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another contact already has the address %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the contact: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete the contacts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot add the contacts to the list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot remove the contacts from the list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the export: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CsvFile</name>
    <message>
        <source>“%1” is a folder, not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open “%1”: %2</source>
        <translation type="unfinished">无法打开“%1”：%2</translation>
    </message>
</context>
<context>
    <name>CsvReader</name>
    <message>
        <source>line %1: a record longer than 4 MiB; is a quote never closed, or is this not a CSV file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: cannot read the file: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: a quoted field that starts here is longer than 1 MiB; is its closing quote missing?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: a quoted field that starts here is never closed (a &quot; is missing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: the file contains binary data (a NUL byte); is it really a CSV file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: a field longer than 1 MiB; is this really a CSV file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: more than %2 fields; is the delimiter right?</source>
        <translation type="unfinished"></translation>
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
        <source>“%1” cannot be read; it may be damaged: %2</source>
        <translation>无法读取“%1”，文件可能已损坏：%2</translation>
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
</context>
<context>
    <name>EmailAddress</name>
    <message>
        <source>no e-mail address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the address has no @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the address has more than one @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the address contains a space or control character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing before the @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the part before the @ is longer than 64 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the part before the @ starts or ends with a dot, or has two dots in a row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the part before the @ contains a character not allowed there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing after the @</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the domain has no dot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the domain is not a valid domain name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the address is longer than 254 characters</source>
        <translation type="unfinished"></translation>
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
    <name>SuppressionImporter</name>
    <message>
        <source>Cannot start a transaction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the suppression list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SuppressionStore</name>
    <message>
        <source>“%1” is not a domain: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an e-mail address: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot add “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot remove “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the suppression list: %1</source>
        <translation type="unfinished"></translation>
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
        <source>Import contact lists from CSV and Excel exports, keep them in lists with custom fields, and see who is subscribed, unsubscribed or bounced.</source>
        <translation>从 CSV 和 Excel 导出文件导入联系人，按列表和自定义字段管理，并查看谁已订阅、已退订或已退信。</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Design messages in HTML and plain text with merge fields such as {{first_name}}, preview them and send a test.</source>
        <translation>使用 HTML 和纯文本设计邮件，插入 {{first_name}} 等合并字段，预览并发送测试邮件。</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Sending Accounts</source>
        <translation>发信账户</translation>
    </message>
    <message>
        <source>Configure the SMTP accounts that send your campaigns: server, encryption, sign-in, rate limits and daily quotas.</source>
        <translation>配置用于发送营销邮件的 SMTP 账户：服务器、加密方式、登录、发送速率和每日配额。</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Send a template to your lists through all of your accounts, throttled, with retries and failover, and follow it live.</source>
        <translation>通过全部账户向联系人列表发送模板邮件，自动限速、重试和故障转移，并实时跟踪进度。</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>See what happened to every campaign: delivered, bounced and deferred, by account, domain and reason, with charts and CSV or PDF export.</source>
        <translation>查看每次营销活动的结果：按账户、域名和原因统计送达、退信和延迟，提供图表及 CSV、PDF 导出。</translation>
    </message>
    <message>
        <source>Bounces &amp; Suppression</source>
        <translation>退信与屏蔽</translation>
    </message>
    <message>
        <source>Bounces from the SMTP conversation and from your bounce mailbox, complaints, unsubscribes, and the addresses and domains that are never mailed.</source>
        <translation>来自 SMTP 会话和退信邮箱的退信、投诉、退订，以及永不发送的地址和域名。</translation>
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
</context>
<context>
    <name>hivepost::ui::PlaceholderPage</name>
    <message>
        <source>Not available in this version yet.</source>
        <translation>此版本尚未提供该功能。</translation>
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
    <name>main</name>
    <message>
        <source>Hivepost cannot start</source>
        <translation>Hivepost 无法启动</translation>
    </message>
</context>
</TS>
