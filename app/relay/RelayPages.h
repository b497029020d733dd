#pragma once

// RelayPages: the relay's HTML pages (the unsubscribe confirmation and preference centre, the
// signup form, the answers to a form), in English or Simplified Chinese by Accept-Language. Every
// value from outside (the sender's name, category names, anything a visitor typed) is
// HTML-escaped; the pages need no JavaScript and load nothing from elsewhere.

#include <QList>
#include <QString>

namespace hivepost::relay {

enum class Language { English, Chinese };

// The first of the visitor's languages that the relay speaks (zh*, then en), by q-value.
Language languageFrom(const QString &acceptLanguage);

struct CategoryChoice {
    qint64 id = 0;
    QString name;
    bool subscribed = true;
};

class RelayPages {
public:
    explicit RelayPages(Language language)
        : m_lang(language) {}

    // GET of an unsubscribe URL: a confirm button and the categories; never unsubscribes by itself.
    QString preferences(const QString &senderName, const QString &action,
                        const QList<CategoryChoice> &categories, bool unsubscribed) const;
    QString unsubscribed(const QString &senderName) const;
    QString saved(const QString &senderName, const QString &action) const;
    QString signupForm(const QString &listName, const QString &senderName, const QString &action,
                       const QString &error = {}) const;
    QString signupPending(const QString &listName) const;
    QString confirmed(const QString &listName) const;
    QString message(const QString &title, const QString &text) const;
    QString notFound() const;

    QString text(const char *english) const; // the page language's version of a phrase
    Language language() const { return m_lang; }

    static QString escaped(const QString &text);

private:
    QString page(const QString &title, const QString &body) const;
    Language m_lang;
};

} // namespace hivepost::relay
