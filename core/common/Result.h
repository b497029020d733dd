#pragma once

// Result<T>: the value of a synchronous core call, or why it failed. Errors are values at module
// edges (parse, render, MIME build, database); the message is already translated for the user.

#include <optional>
#include <utility>
#include <variant>

#include <QString>

namespace hivepost {

enum class ErrorCode {
    Io,           // a file could not be read or written
    NotSqlite,    // the file is not an SQLite database
    NewerSchema,  // the database was written by a newer Hivepost
    Corrupt,      // the database or input is damaged
    Sql,          // a statement failed
    InvalidInput, // the user's input is malformed (with a line or field reference in the message)
    Exists,       // the target already exists
    NotFound,
    Foreign, // the file belongs to another program
    Cancelled,
    Network, // a server did not answer, or answered with an error
    Auth,    // a server refused the credentials
};

struct Error {
    ErrorCode code;
    QString message;
};

template <typename T>
class [[nodiscard]] Result {
public:
    // Not a success: only there so that a Result can travel in a queued signal (QMetaType).
    Result()
        : m_data(Error{ErrorCode::Io, QString()}) {}
    Result(T value)
        : m_data(std::move(value)) {}
    Result(Error error)
        : m_data(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<T>(m_data); }
    const T &value() const & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    // The value, or fallback when this is an error.
    T value_or(T fallback) const & { return ok() ? value() : std::move(fallback); }

    const Error &error() const { return std::get<Error>(m_data); }
    ErrorCode code() const { return error().code; }
    QString errorString() const { return ok() ? QString() : error().message; }

private:
    std::variant<T, Error> m_data;
};

// Result<void>: success, or an Error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }
    ErrorCode code() const { return m_error->code; }
    QString errorString() const { return ok() ? QString() : m_error->message; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(ErrorCode code, QString message) {
    return Error{code, std::move(message)};
}

} // namespace hivepost
