#pragma once

// The small pieces of SMTP syntax SmtpClient writes and reads: addresses for MAIL/RCPT, the DATA
// body with dot-stuffing, xtext for DSN parameters, and how a reply is classified and shown.

#include <QByteArray>
#include <QSet>
#include <QString>

#include "smtp/SmtpReply.h"
#include "smtp/SmtpTypes.h"

namespace hivepost::smtp {

bool hasEightBit(const QByteArray &data);
SmtpResult::Status classify(const SmtpReply &reply);
// Dot-stuffing (RFC 5321 4.5.2), a final CRLF, and the terminating ".".
QByteArray dataBody(const QByteArray &message);
// local@domain with the domain as A-labels (RFC 5890); the local part as it is (UTF-8 needs SMTPUTF8).
QByteArray smtpAddress(const QString &address);
// "550 5.1.1 text", for messages to the user.
QString replyText(const SmtpReply &reply);
// RFC 3461 4: "+" and "=" and anything outside 33..126 as +XX.
QByteArray xtext(const QByteArray &value);
// MAIL FROM's parameters for what the server offers (EHLO keywords, upper case): SIZE, BODY=8BITMIME,
// SMTPUTF8, and DSN's RET and ENVID.
QByteArray mailParameters(const QSet<QByteArray> &keywords, qint64 sizeLimit, const Envelope &envelope,
                          qint64 messageSize, bool eightBitData);
// RCPT TO's DSN parameters (NOTIFY, ORCPT) when the server offers DSN and the envelope asks.
QByteArray rcptParameters(const QSet<QByteArray> &keywords, const Envelope &envelope,
                          const QString &recipient);

} // namespace hivepost::smtp
