#pragma once

// What every fuzz target shares: a reader of the fuzzer's bytes as choices and pieces, and a check
// that stops the run with a message when a promise is broken (a finding, like a crash).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <QByteArray>
#include <QList>

#define FUZZ_CHECK(condition, message)                                                                       \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "fuzz check failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, message,       \
                         #condition);                                                                        \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace hivepost::fuzz {

class Input {
public:
    Input(const std::uint8_t *data, std::size_t size)
        : m_data(reinterpret_cast<const char *>(data))
        , m_size(size) {}

    bool empty() const { return m_pos >= m_size; }
    std::uint8_t byte() { return empty() ? 0 : std::uint8_t(m_data[m_pos++]); }
    // The bytes up to the next separator (or the end), without it.
    QByteArray piece(char separator = '\0') {
        const char *begin = m_data + m_pos;
        const void *found = std::memchr(begin, separator, m_size - m_pos);
        const std::size_t length =
            found ? std::size_t(static_cast<const char *>(found) - begin) : m_size - m_pos;
        m_pos += length + (found ? 1 : 0);
        return QByteArray(begin, qsizetype(length));
    }
    QByteArray rest() {
        const QByteArray out(m_data + m_pos, qsizetype(m_size - m_pos));
        m_pos = m_size;
        return out;
    }

private:
    const char *m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

// Splits bytes into chunks whose sizes (1..64) come from a seed, as a network would.
inline QList<QByteArray> chunks(const QByteArray &bytes, std::uint8_t seed) {
    QList<QByteArray> out;
    std::uint32_t state = seed * 2654435761u + 1;
    for (qsizetype pos = 0; pos < bytes.size();) {
        state = state * 1103515245u + 12345u;
        const qsizetype n = qsizetype((state >> 16) % 64) + 1;
        out.append(bytes.mid(pos, n));
        pos += n;
    }
    return out;
}

} // namespace hivepost::fuzz
