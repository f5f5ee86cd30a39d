#include <firegrid/text/csv.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/text/utf8.hpp>

#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace firegrid::text {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A single pass over the text; `pos`, `line` and `line_start` always describe the
// next unread byte.
class CsvParser {
public:
  CsvParser(std::string_view text, char delimiter, const CsvRowSink& on_row, const CsvErrorSink& on_error)
      : text_(text), delimiter_(delimiter), on_row_(on_row), on_error_(on_error) {}

  void run() {
    if (starts_with(text_, utf8_bom)) pos_ = line_start_ = utf8_bom.size();
    while (pos_ < text_.size() && !stopped_) {
      if (at_line_break()) {
        consume_line_break();  // a blank line
        continue;
      }
      read_row();
    }
  }

private:
  bool at_line_break() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }

  // Steps over a CRLF, LF or lone CR at pos_.
  void consume_line_break() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }

  // Moves to the start of the line after the one pos_ is on (or to the end).
  void skip_rest_of_line() {
    while (pos_ < text_.size() && !at_line_break()) ++pos_;
    if (pos_ < text_.size()) consume_line_break();
  }

  void add_error(std::size_t offset, int line, std::size_t line_start, std::string message) {
    const int column =
        static_cast<int>(count_code_points(text_.substr(line_start, offset - line_start))) + 1;
    CsvError error{line, column, offset, std::move(message)};
    on_error_(error);
  }

  // Reads one row starting at pos_ (not at a line break); adds it, or an error.
  void read_row() {
    CsvRow row;
    row.line = line_;
    row.offset = pos_;
    for (;;) {
      std::string field;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        if (!read_quoted(field)) return;
      } else if (!read_unquoted(field)) {
        return;
      }
      row.fields.push_back(std::move(field));
      if (pos_ >= text_.size()) break;
      if (text_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      consume_line_break();
      break;
    }
    stopped_ = !on_row_(row);
  }

  // Reads a field up to a delimiter, line break or the end; false after an error. Excel's
  // ="0012" (a formula that keeps leading zeros) is read as the text =" + 0012 + ", which
  // the importers unwrap.
  bool read_unquoted(std::string& field) {
    if (text_.compare(pos_, 2, "=\"") == 0) {
      ++pos_;
      std::string inner;
      if (!read_quoted(inner)) return false;
      field = "=\"" + inner + "\"";
      return true;
    }
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != delimiter_ && !at_line_break()) {
      if (text_[pos_] == '"') {
        add_error(pos_, line_, line_start_,
                  "quote inside an unquoted field (quote the whole field and double the quote)");
        skip_rest_of_line();
        return false;
      }
      ++pos_;
    }
    field.assign(text_.substr(start, pos_ - start));
    return true;
  }

  // Reads a quoted field at pos_, which may span lines; false after an error.
  bool read_quoted(std::string& field) {
    const std::size_t quote = pos_;
    const int quote_line = line_;
    const std::size_t quote_line_start = line_start_;
    ++pos_;
    for (;;) {
      if (pos_ >= text_.size()) {
        add_error(quote, quote_line, quote_line_start, "unterminated quoted field");
        // Nothing after the quote closes it: read on from the line after it.
        pos_ = quote;
        line_ = quote_line;
        line_start_ = quote_line_start;
        skip_rest_of_line();
        return false;
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (c == '\n' || c == '\r') {
        const std::size_t from = pos_;
        consume_line_break();
        field.append(text_.substr(from, pos_ - from));
        continue;
      }
      const std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] != '"' && !at_line_break()) ++pos_;
      field.append(text_.substr(from, pos_ - from));
    }
    if (pos_ < text_.size() && text_[pos_] != delimiter_ && !at_line_break()) {
      add_error(pos_, line_, line_start_, "text after the closing quote of a field");
      skip_rest_of_line();
      return false;
    }
    return true;
  }

  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  const CsvRowSink& on_row_;
  const CsvErrorSink& on_error_;
  bool stopped_ = false;
};

[[noreturn]] void throw_invalid_byte(const char* encoding, std::string_view bytes,
                                     std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i)
    if (bytes[i] == '\n') ++line;
  const unsigned byte = offset < bytes.size() ? static_cast<unsigned char>(bytes[offset]) : 0;
  throw Error(msg("invalid {} byte 0x{:02X} at line {}, byte offset {}", encoding, byte,
                          line, offset),
              tr("save the file as UTF-8 or GB18030, or pass --encoding"));
}

// Closes an iconv descriptor when it goes out of scope.
class IconvHandle {
public:
  explicit IconvHandle(iconv_t cd) : cd_(cd) {}
  ~IconvHandle() { iconv_close(cd_); }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  iconv_t get() const { return cd_; }

private:
  iconv_t cd_;
};

// Converts all of `bytes` with `cd` into `out`. A byte sequence it cannot convert ends the
// conversion (its offset is returned) unless `replace`, when it becomes '?' and the rest goes on.
std::optional<std::size_t> convert_all(iconv_t cd, std::string_view bytes, std::string& out, bool replace) {
  const IconvHandle handle(cd);
  out.assign(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t used = 0;
  while (in_left > 0) {
    char* dest = out.data() + used;
    std::size_t dest_left = out.size() - used;
    const std::size_t r = iconv(handle.get(), &in, &in_left, &dest, &dest_left);
    used = static_cast<std::size_t>(dest - out.data());
    if (r != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    if (!replace) return static_cast<std::size_t>(in - bytes.data());  // EILSEQ, or EINVAL at the end
    out.resize(std::max(out.size(), used + 1));
    out[used++] = '?';
    ++in;
    --in_left;
  }
  out.resize(used);
  return std::nullopt;
}

// GB18030 bytes as UTF-8 in `out`, or the offset of the first byte that is not valid
// GB18030. Throws firegrid::Error if iconv cannot convert from GB18030 at all.
std::optional<std::size_t> convert_gb18030(std::string_view bytes, std::string& out) {
  const iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw Error(tr("cannot convert from GB18030: iconv has no GB18030 converter"),
                tr("install the glibc gconv modules, or save the file as UTF-8"));
  return convert_all(cd, bytes, out, false);
}

Decoded decode_utf8(std::string_view bytes) {
  const bool bom = starts_with(bytes, utf8_bom);
  const std::string_view body = bom ? bytes.substr(utf8_bom.size()) : bytes;
  if (const auto bad = find_invalid_utf8(body))
    throw_invalid_byte("UTF-8", bytes, *bad + (bom ? utf8_bom.size() : 0));
  return {std::string(body), bom ? Encoding::utf8_bom : Encoding::utf8};
}

Decoded decode_gb18030(std::string_view bytes, std::optional<std::size_t> utf8_invalid_at) {
  Decoded decoded{{}, Encoding::gb18030};
  if (const auto bad = convert_gb18030(bytes, decoded.utf8)) {
    // A mostly UTF-8 file fails much earlier as GB18030: name the error it really has.
    if (utf8_invalid_at && *utf8_invalid_at > *bad)
      throw_invalid_byte("UTF-8", bytes, *utf8_invalid_at);
    throw_invalid_byte("GB18030", bytes, *bad);
  }
  if (starts_with(decoded.utf8, utf8_bom)) decoded.utf8.erase(0, utf8_bom.size());
  return decoded;
}

// The end of the piece that starts at `start`: about `piece` bytes on, just after a line
// break (the one before that point, else the next one), or the end of the bytes.
std::size_t csv_piece_end(std::string_view bytes, std::size_t start, std::size_t piece) {
  if (bytes.size() - start <= piece) return bytes.size();
  const std::size_t before = bytes.rfind('\n', start + piece - 1);
  if (before != std::string_view::npos && before >= start) return before + 1;
  const std::size_t after = bytes.find('\n', start + piece);
  return after == std::string_view::npos ? bytes.size() : after + 1;
}

}  // namespace

Detected detect_encoding_in_pieces(std::string_view bytes, std::optional<Encoding> forced,
                                   const std::function<void(std::size_t)>& seen, std::size_t piece) {
  if (piece == 0) piece = 1;
  if (forced == Encoding::gb18030) return {Encoding::gb18030, std::nullopt};
  const bool bom = starts_with(bytes, utf8_bom);
  std::optional<std::size_t> invalid;
  for (std::size_t start = bom ? utf8_bom.size() : 0; start < bytes.size() && !invalid;) {
    const std::size_t end = csv_piece_end(bytes, start, piece);
    if (const auto bad = find_invalid_utf8(bytes.substr(start, end - start))) invalid = start + *bad;
    if (seen) seen(end);
    start = end;
  }
  if (!invalid) return {bom ? Encoding::utf8_bom : Encoding::utf8, std::nullopt};
  if (forced || bom) throw_invalid_byte("UTF-8", bytes, *invalid);
  return {Encoding::gb18030, invalid};
}

void decode_in_pieces(std::string_view bytes, const Detected& detected,
                      const std::function<void(std::string_view)>& sink,
                      const std::function<void(std::size_t)>& seen, std::size_t piece) {
  if (piece == 0) piece = 1;
  const bool gb = detected.encoding == Encoding::gb18030;
  std::size_t start = !gb && starts_with(bytes, utf8_bom) ? utf8_bom.size() : 0;
  std::string out;
  while (start < bytes.size()) {
    const std::size_t end = csv_piece_end(bytes, start, piece);
    const std::string_view part = bytes.substr(start, end - start);
    if (!gb) {
      if (const auto bad = find_invalid_utf8(part)) throw_invalid_byte("UTF-8", bytes, start + *bad);
      sink(part);
    } else {
      if (const auto bad = convert_gb18030(part, out)) {
        if (detected.utf8_invalid_at && *detected.utf8_invalid_at > start + *bad)
          throw_invalid_byte("UTF-8", bytes, *detected.utf8_invalid_at);
        throw_invalid_byte("GB18030", bytes, start + *bad);
      }
      if (start == 0 && starts_with(out, utf8_bom)) out.erase(0, utf8_bom.size());
      sink(out);
    }
    if (seen) seen(end);
    start = end;
  }
}

// A file mapped for reading; release() gives back the pages before an offset (they are
// read again from the file if they are used again).
struct CsvFile::Mapped {
  int fd = -1;
  const char* data = nullptr;
  std::size_t size = 0, released = 0;

  // Takes `file` (closed when the mapping goes, or when it cannot be made).
  explicit Mapped(int file) : fd(file) {
    struct stat st {};
    void* at = nullptr;
    if (::fstat(fd, &st) == 0) {
      size = static_cast<std::size_t>(st.st_size);
      if (size == 0) return;
      at = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (at != MAP_FAILED) {
        data = static_cast<const char*>(at);
        return;
      }
    }
    const std::string why = std::strerror(errno);
    ::close(fd);
    throw Error(msg("cannot map a file: {}", why));
  }
  ~Mapped() {
    if (data) ::munmap(const_cast<char*>(data), size);
    if (fd >= 0) ::close(fd);
  }
  Mapped(const Mapped&) = delete;
  Mapped& operator=(const Mapped&) = delete;
  std::string_view view() const { return {data, size}; }
  // Gives back the pages wholly before `offset`, in steps of 4 MiB (or all at the end).
  void release(std::size_t offset) {
    static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    if (!data) return;
    if (offset < released + (std::size_t(4) << 20) && offset < size) return;
    const std::size_t upto = offset >= size ? (size + page - 1) / page * page : offset / page * page;
    if (upto > released) ::madvise(const_cast<char*>(data) + released, upto - released, MADV_DONTNEED);
    released = offset >= size ? 0 : upto;
  }
};

namespace {

// An unlinked temporary file (in TMPDIR, else /tmp), open for reading and writing.
int csv_temp_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = fmt::format("{}/firegrid-csv-XXXXXX", dir && *dir ? dir : "/tmp");
  const int fd = ::mkstemp(path.data());
  if (fd < 0) throw Error(msg("cannot make a temporary file in {}: {}", path, std::strerror(errno)));
  ::unlink(path.c_str());
  return fd;
}

void csv_write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(msg("cannot write a temporary file: {}", std::strerror(errno)));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

CsvFile::CsvFile(const std::string& path, std::optional<Encoding> forced) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(msg("cannot read {}: {}", path, std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {  // a pipe: copied to a file that can be mapped
    const int copy = csv_temp_file();
    char buf[65536];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      csv_write_all(copy, std::string_view(buf, static_cast<std::size_t>(n)));
    }
    ::close(fd);
    fd = copy;
  }
  source_ = std::make_unique<Mapped>(fd);
  Mapped& source = *source_;
  const auto seen = [&source](std::size_t offset) { source.release(offset); };
  try {
    const Detected detected = detect_encoding_in_pieces(source.view(), forced, seen);
    encoding_ = detected.encoding;
    if (encoding_ != Encoding::utf8) {  // GB18030, or a BOM to leave out: the UTF-8 text in a file
      const int text = csv_temp_file();
      try {
        decode_in_pieces(source.view(), detected, [text](std::string_view utf8) { csv_write_all(text, utf8); }, seen);
      } catch (...) {
        ::close(text);
        throw;
      }
      text_ = std::make_unique<Mapped>(text);
    }
  } catch (const Error& e) {
    throw Error(msg("{}: {}", path, e.what()), e.hint());
  }
  source.release(source.size);
}

CsvFile::~CsvFile() = default;

Encoding CsvFile::encoding() const { return encoding_; }

void CsvFile::each_row(const CsvRowSink& on_row, const CsvErrorSink& on_error, char delimiter) const {
  Mapped& text = text_ ? *text_ : *source_;
  each_csv_row(
    text.view(),
    [&text, &on_row](CsvRow& row) {
      const bool more = on_row(row);
      text.release(row.offset);
      return more;
    },
    on_error, delimiter);
  text.release(text.size);
}

CsvResult parse_csv(std::string_view utf8_text, char delimiter) {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
    throw Error(tr("a CSV delimiter cannot be a quote or a line break"));
  CsvResult result;
  each_csv_row(
    utf8_text,
    [&result](CsvRow& row) {
      result.rows.push_back(std::move(row));
      return true;
    },
    [&result](CsvError& e) { result.errors.push_back(std::move(e)); }, delimiter);
  return result;
}

void each_csv_row(std::string_view utf8_text, const CsvRowSink& on_row, const CsvErrorSink& on_error,
                  char delimiter) {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
    throw Error(tr("a CSV delimiter cannot be a quote or a line break"));
  CsvParser(utf8_text, delimiter, on_row, on_error).run();
}

Decoded decode_spreadsheet_text(std::string_view bytes, std::optional<Encoding> forced) {
  if (forced) {
    if (*forced == Encoding::gb18030) return decode_gb18030(bytes, std::nullopt);
    return decode_utf8(bytes);
  }
  if (starts_with(bytes, utf8_bom)) return decode_utf8(bytes);
  const auto utf8_invalid_at = find_invalid_utf8(bytes);
  if (!utf8_invalid_at) return {std::string(bytes), Encoding::utf8};
  return decode_gb18030(bytes, utf8_invalid_at);
}

std::string encode_spreadsheet_text(std::string_view utf8, Encoding encoding) {
  if (encoding == Encoding::utf8) return std::string(utf8);
  if (encoding == Encoding::utf8_bom) return std::string(utf8_bom) + std::string(utf8);
  const iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw Error(tr("cannot convert to GB18030: iconv has no GB18030 converter"),
                tr("install the glibc gconv modules, or write utf-8-bom"));
  // Not UTF-8 (the renderers write UTF-8 only): a replacement, as GB18030 holds '?'.
  std::string out;
  convert_all(cd, utf8, out, true);
  return out;
}

const char* to_string(Encoding encoding) {
  switch (encoding) {
    case Encoding::utf8: return "utf-8";
    case Encoding::utf8_bom: return "utf-8-bom";
    case Encoding::gb18030: return "gb18030";
  }
  return "utf-8";
}

std::optional<Encoding> parse_encoding(std::string_view name) {
  std::string lower(name);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (lower == "utf-8" || lower == "utf8") return Encoding::utf8;
  if (lower == "utf-8-bom" || lower == "utf8-bom") return Encoding::utf8_bom;
  if (lower == "gb18030" || lower == "gbk" || lower == "gb2312") return Encoding::gb18030;
  return std::nullopt;
}

}  // namespace firegrid::text
