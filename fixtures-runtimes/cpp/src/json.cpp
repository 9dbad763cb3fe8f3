#include "json.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "utf8.hpp"

namespace tck::json {

Value Value::boolean(bool b) {
    Value v;
    v.type_ = Type::kBool;
    v.bool_ = b;
    return v;
}

Value Value::integer(long long n) {
    return numberLexeme(std::to_string(n));
}

Value Value::numberLexeme(std::string lexeme) {
    Value v;
    v.type_ = Type::kNumber;
    v.text_ = std::move(lexeme);
    return v;
}

Value Value::string(std::string s) {
    Value v;
    v.type_ = Type::kString;
    v.text_ = std::move(s);
    return v;
}

Value Value::array() {
    Value v;
    v.type_ = Type::kArray;
    return v;
}

Value Value::object() {
    Value v;
    v.type_ = Type::kObject;
    return v;
}

bool Value::asInteger(long long& out) const {
    // Integers only as written ("5", "-3"); 5.0 and 5e0 are not integers here, as in the other fixtures.
    if (type_ != Type::kNumber || text_.find_first_of(".eE") != std::string::npos) return false;
    errno = 0;
    char* end = nullptr;
    const long long n = std::strtoll(text_.c_str(), &end, 10);
    if (errno != 0 || end == nullptr || *end != '\0') return false;
    out = n;
    return true;
}

const Value* Value::get(const std::string& key) const {
    if (type_ != Type::kObject) return nullptr;
    for (const auto& m : object_) {
        if (m.first == key) return &m.second;
    }
    return nullptr;
}

Value& Value::set(std::string key, Value v) {
    type_ = Type::kObject;
    object_.emplace_back(std::move(key), std::move(v));
    return object_.back().second;
}

Value& Value::push(Value v) {
    type_ = Type::kArray;
    array_.push_back(std::move(v));
    return array_.back();
}

namespace {

constexpr int kMaxDepth = 256;

class Parser {
public:
    explicit Parser(const std::string& s) : s_(s) {}

    ParseResult run() {
        ParseResult r;
        skipWs();
        if (!parseValue(r.value, 0)) {
            r.error = error_ + " at byte " + std::to_string(pos_);
            return r;
        }
        skipWs();
        if (pos_ != s_.size()) {
            r.error = "trailing data at byte " + std::to_string(pos_);
            return r;
        }
        r.ok = true;
        return r;
    }

private:
    const std::string& s_;
    std::size_t pos_ = 0;
    std::string error_;

    bool fail(const char* msg) {
        error_ = msg;
        return false;
    }
    bool atEnd() const { return pos_ >= s_.size(); }
    char peek() const { return s_[pos_]; }
    void skipWs() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++pos_;
    }
    bool literal(const char* word) {
        std::size_t i = 0;
        for (; word[i] != '\0'; ++i) {
            if (pos_ + i >= s_.size() || s_[pos_ + i] != word[i]) return fail("invalid literal");
        }
        pos_ += i;
        return true;
    }

    bool parseValue(Value& out, int depth) {
        if (depth > kMaxDepth) return fail("nesting too deep");
        if (atEnd()) return fail("unexpected end of input");
        switch (peek()) {
            case '{': return parseObject(out, depth);
            case '[': return parseArray(out, depth);
            case '"': {
                std::string str;
                if (!parseString(str)) return false;
                out = Value::string(std::move(str));
                return true;
            }
            case 't': out = Value::boolean(true); return literal("true");
            case 'f': out = Value::boolean(false); return literal("false");
            case 'n': out = Value::null(); return literal("null");
            default: return parseNumber(out);
        }
    }

    bool parseObject(Value& out, int depth) {
        ++pos_;
        out = Value::object();
        skipWs();
        if (!atEnd() && peek() == '}') {
            ++pos_;
            return true;
        }
        for (;;) {
            skipWs();
            if (atEnd() || peek() != '"') return fail("expected object key");
            std::string key;
            if (!parseString(key)) return false;
            skipWs();
            if (atEnd() || peek() != ':') return fail("expected ':'");
            ++pos_;
            skipWs();
            Value v;
            if (!parseValue(v, depth + 1)) return false;
            out.set(std::move(key), std::move(v));
            skipWs();
            if (atEnd()) return fail("unterminated object");
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() == '}') {
                ++pos_;
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }

    bool parseArray(Value& out, int depth) {
        ++pos_;
        out = Value::array();
        skipWs();
        if (!atEnd() && peek() == ']') {
            ++pos_;
            return true;
        }
        for (;;) {
            skipWs();
            Value v;
            if (!parseValue(v, depth + 1)) return false;
            out.push(std::move(v));
            skipWs();
            if (atEnd()) return fail("unterminated array");
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() == ']') {
                ++pos_;
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }

    bool hex4(unsigned& out) {
        if (pos_ + 4 > s_.size()) return fail("short \\u escape");
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = s_[pos_++];
            out <<= 4;
            if (c >= '0' && c <= '9') out |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') out |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') out |= static_cast<unsigned>(c - 'A' + 10);
            else return fail("bad \\u escape");
        }
        return true;
    }

    static void appendUtf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    bool parseString(std::string& out) {
        ++pos_;  // opening quote
        for (;;) {
            if (atEnd()) return fail("unterminated string");
            const char c = s_[pos_++];
            if (c == '"') return true;
            if (static_cast<unsigned char>(c) < 0x20) return fail("control character in string");
            if (c != '\\') {
                out += c;  // raw bytes kept; invalid UTF-8 is replaced on output
                continue;
            }
            if (atEnd()) return fail("unterminated escape");
            const char e = s_[pos_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned cp;
                    if (!hex4(cp)) return false;
                    if (cp >= 0xD800 && cp <= 0xDBFF && pos_ + 6 <= s_.size() && s_[pos_] == '\\' &&
                        s_[pos_ + 1] == 'u') {
                        const std::size_t save = pos_;
                        pos_ += 2;
                        unsigned lo;
                        if (!hex4(lo)) return false;
                        if (lo >= 0xDC00 && lo <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        } else {
                            pos_ = save;  // not a pair: the high surrogate stands alone
                        }
                    }
                    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // lone surrogate
                    appendUtf8(out, cp);
                    break;
                }
                default: return fail("bad escape");
            }
        }
    }

    bool parseNumber(Value& out) {
        const std::size_t start = pos_;
        auto digits = [&]() {
            const std::size_t d = pos_;
            while (!atEnd() && peek() >= '0' && peek() <= '9') ++pos_;
            return pos_ > d;
        };
        if (!atEnd() && peek() == '-') ++pos_;
        if (atEnd()) return fail("invalid number");
        if (peek() == '0') {
            ++pos_;
        } else if (!digits()) {
            return fail("unexpected character");
        }
        if (!atEnd() && peek() == '.') {
            ++pos_;
            if (!digits()) return fail("invalid number");
        }
        if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
            ++pos_;
            if (!atEnd() && (peek() == '+' || peek() == '-')) ++pos_;
            if (!digits()) return fail("invalid number");
        }
        out = Value::numberLexeme(s_.substr(start, pos_ - start));
        return true;
    }
};

}  // namespace

ParseResult parse(const std::string& text) {
    return Parser(text).run();
}

void writeString(const std::string& s, std::string& out) {
    static const char* const kHex = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c == '"') {
                out += "\\\"";
            } else if (c == '\\') {
                out += "\\\\";
            } else if (c < 0x20) {
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
            } else {
                out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        const std::size_t n = utf8::validSequenceLength(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s, i, n);
            i += n;
        }
    }
    out += '"';
}

void serializeTo(const Value& v, std::string& out) {
    switch (v.type()) {
        case Value::Type::kNull: out += "null"; break;
        case Value::Type::kBool: out += v.asBool() ? "true" : "false"; break;
        case Value::Type::kNumber: out += v.numberText(); break;
        case Value::Type::kString: writeString(v.asString(), out); break;
        case Value::Type::kArray: {
            out += '[';
            bool first = true;
            for (const auto& item : v.items()) {
                if (!first) out += ',';
                first = false;
                serializeTo(item, out);
            }
            out += ']';
            break;
        }
        case Value::Type::kObject: {
            out += '{';
            bool first = true;
            for (const auto& m : v.members()) {
                if (!first) out += ',';
                first = false;
                writeString(m.first, out);
                out += ':';
                serializeTo(m.second, out);
            }
            out += '}';
            break;
        }
    }
}

std::string serialize(const Value& v) {
    std::string out;
    serializeTo(v, out);
    return out;
}

}  // namespace tck::json
