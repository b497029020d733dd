#pragma once

// LinkTracking: a template's HTML and text made ready for open and click tracking, once per
// campaign, before any merge field is rendered. Every http(s) link becomes a merge field that
// renders, per recipient, as the relay's signed click URL ({{__hp_click_N}}); the same URL is the
// same link id wherever it appears. Left as they are: mailto: and other schemes, the unsubscribe
// link, links whose URL holds a merge field (the relay would have to know the contact to follow
// them), and <a> tags marked data-hp-notrack. With open tracking, a 1x1 image ({{__hp_open}}) goes at
// the end of the HTML body; the text part never has one. With click tracking, one link no person
// sees (hidden, before the content) tells security scanners apart: they follow every link.

#include <QList>
#include <QString>

namespace hivepost::tracking {

inline constexpr QLatin1StringView OpenField{"__hp_open"};
inline constexpr QLatin1StringView ClickFieldPrefix{"__hp_click_"};

struct TrackedLink {
    int id = 0; // from 1, in order of first appearance
    QString url;
    bool hidden = false; // the scanner trap
};

struct TrackedContent {
    QString html;
    QString text;
    QList<TrackedLink> links;
};

TrackedContent trackContent(const QString &html, const QString &text, bool opens, bool clicks);

} // namespace hivepost::tracking
