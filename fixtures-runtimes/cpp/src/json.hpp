// Minimal ordered JSON model, parser and compact serialiser (fixture protocol §5 output rules).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tck::json {

class Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;  // keeps insertion order: scripts' key order must survive

class Value {
public:
    enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

    Value() = default;
    static Value null() { return Value(); }
    static Value boolean(bool b);
    static Value integer(long long n);
    static Value numberLexeme(std::string lexeme);  // a number exactly as written in the input
    static Value string(std::string s);
    static Value array();
    static Value object();

    Type type() const { return type_; }
    bool isNull() const { return type_ == Type::kNull; }
    bool isBool() const { return type_ == Type::kBool; }
    bool isNumber() const { return type_ == Type::kNumber; }
    bool isString() const { return type_ == Type::kString; }
    bool isArray() const { return type_ == Type::kArray; }
    bool isObject() const { return type_ == Type::kObject; }

    bool asBool() const { return bool_; }
    const std::string& asString() const { return text_; }
    const std::string& numberText() const { return text_; }
    // The number as an integer; false when it is not a number or not integral.
    bool asInteger(long long& out) const;

    const Array& items() const { return array_; }
    Array& items() { return array_; }
    const Object& members() const { return object_; }

    // Object access: nullptr when absent (or when this is not an object).
    const Value* get(const std::string& key) const;
    // Appends (objects keep their order; callers add keys in protocol order).
    Value& set(std::string key, Value v);
    Value& push(Value v);

private:
    Type type_ = Type::kNull;
    bool bool_ = false;
    std::string text_;  // string value or number lexeme
    Array array_;
    Object object_;
};

struct ParseResult {
    bool ok = false;
    Value value;
    std::string error;
};

ParseResult parse(const std::string& text);

// Compact serialisation; strings are sanitised (invalid UTF-8 bytes -> U+FFFD).
std::string serialize(const Value& v);
void serializeTo(const Value& v, std::string& out);
void writeString(const std::string& s, std::string& out);

}  // namespace tck::json
