#pragma once

// HtmlToText: the plain-text alternative of an HTML e-mail when the user wrote none: paragraphs and
// headings as blank-line separated blocks, <br> as line breaks, list items as "- ", links as
// "text (url)", images by their alt text, <style>/<script>/<head> dropped, entities decoded,
// whitespace collapsed, lines wrapped at 72 characters. Merge fields pass through unchanged.

#include <QString>

namespace hivepost::templating {

QString htmlToText(const QString &html);

} // namespace hivepost::templating
