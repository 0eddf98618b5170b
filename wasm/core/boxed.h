// An optional value kept on the heap: the size of a pointer while empty. For the rarely set parts
// of a message (media, location, interactive), which as std::optional made every Message of a long
// thread carry ~190 bytes (wasm32) it almost never used. Reads like std::optional; copies deeply.
#pragma once

#include <memory>
#include <utility>

namespace inbox::core {

template <typename T>
class Boxed {
public:
    Boxed() = default;
    Boxed(const T& value) : m_value(std::make_unique<T>(value)) {}  // NOLINT: converts like optional
    Boxed(T&& value) : m_value(std::make_unique<T>(std::move(value))) {}  // NOLINT
    Boxed(const Boxed& other) : m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr) {}
    Boxed(Boxed&&) noexcept = default;
    Boxed& operator=(const Boxed& other) {
        if (this != &other) m_value = other.m_value ? std::make_unique<T>(*other.m_value) : nullptr;
        return *this;
    }
    Boxed& operator=(Boxed&&) noexcept = default;
    Boxed& operator=(const T& value) {
        m_value = std::make_unique<T>(value);
        return *this;
    }
    Boxed& operator=(T&& value) {
        m_value = std::make_unique<T>(std::move(value));
        return *this;
    }

    bool has_value() const { return m_value != nullptr; }
    explicit operator bool() const { return has_value(); }
    void reset() { m_value.reset(); }
    T& operator*() { return *m_value; }
    const T& operator*() const { return *m_value; }
    T* operator->() { return m_value.get(); }
    const T* operator->() const { return m_value.get(); }

private:
    std::unique_ptr<T> m_value;
};

}  // namespace inbox::core
