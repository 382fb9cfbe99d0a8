// result.h5: writing and reading a ResultData with the HDF5 C API (layout: docs/output-format.md).
// Every HDF5 id lives in a Handle that closes it on scope exit (exceptions included), and HDF5's
// own error printing is off while we work, so every message a user sees is ours. Nothing here
// may depend on the clock or on iteration order: two writes of the same data are the same bytes.
#include "whsim/output/hdf5_result.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <hdf5.h>

#include "whsim/output/files.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace whsim::output {
namespace {

/// Data sets with more elements than this are chunked and compressed; smaller ones contiguous.
constexpr hsize_t kChunkThreshold = 4096;
/// Bytes per chunk aimed at; chunk shapes depend only on the data's shape (deterministic files).
constexpr std::size_t kChunkBytes = std::size_t{256} * 1024;
constexpr unsigned kDeflateLevel = 4;
/// Sizes of the fixed-length provenance strings (NUL padded): the file size never depends on them.
constexpr std::size_t kCreatedBytes = 32;
constexpr std::size_t kHostBytes = 64;
/// Most elements read from one data set or attribute (a damaged shape must not overflow sizes).
constexpr hsize_t kMaxElements = hsize_t{1} << 40;
/// Bytes read per byte stored, at most (deflate's limit is about 1032), and a small allowance.
constexpr hsize_t kMaxExpansion = 1100;
constexpr hsize_t kSlackBytes = 4096;
/// Largest type conversion buffer a read asks HDF5 for (its default).
constexpr hsize_t kConversionBytes = hsize_t{1} << 20;
constexpr std::string_view kFormat = "whsim-result";
constexpr std::string_view kLegend = "0 wall, 1 aisle, 2 storage, 3 station, 4 buffer, 5 charger, 6 dock";

/// An HDF5 call failed or the file is not what we expect; the public functions add the file name.
class Failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The temporary file could not be created (OutputError kCreate rather than kWrite).
class CreateFailure : public Failure {
 public:
  using Failure::Failure;
};

/// What HDF5 reported for its last failure, shortest useful form (the system's message when the
/// innermost error carries one), and clears HDF5's error stack.
std::string hdf5_reason() {
  std::string desc;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* err, void* out) -> herr_t {
        if (n == 0 && err != nullptr && err->desc != nullptr) *static_cast<std::string*>(out) = err->desc;
        return 0;
      },
      &desc);
  H5Eclear2(H5E_DEFAULT);
  const std::string_view marker = "error message = '";
  if (const std::size_t at = desc.find(marker); at != std::string::npos) {
    const std::size_t from = at + marker.size();
    const std::size_t to = desc.find('\'', from);
    return desc.substr(from, to == std::string::npos ? std::string::npos : to - from);
  }
  if (const std::size_t colon = desc.find(": "); colon != std::string::npos) desc.resize(colon);
  return desc.empty() ? std::string("HDF5 error") : desc;
}

/// Throws Failure("what (HDF5's reason)") when an HDF5 call returned a negative status.
void check(herr_t status, std::string_view what) {
  if (status < 0) throw Failure(fmt::format("{} ({})", what, hdf5_reason()));
}

/// Owns one HDF5 id and closes it with the matching H5?close when it goes out of scope.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  [[nodiscard]] hid_t get() const { return id_; }
  /// Closes the id now; false when the close failed (the file's final close must be checked).
  bool close() {
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    return id < 0 || closer_ == nullptr || closer_(id) >= 0;
  }

 private:
  void reset() { static_cast<void>(close()); }

  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Wraps the id an HDF5 call returned; Failure("what (reason)") when the call failed.
Handle checked(hid_t id, Handle::Closer closer, std::string_view what) {
  if (id < 0) throw Failure(fmt::format("{} ({})", what, hdf5_reason()));
  return {id, closer};
}

/// Turns HDF5's automatic error printing off for its lifetime and restores it afterwards.
class QuietErrors {
 public:
  QuietErrors() {
    if (H5Eget_auto2(H5E_DEFAULT, &func_, &data_) < 0) {
      func_ = nullptr;
      data_ = nullptr;
    }
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

/// An open group (or any object) and its path in the file, for messages.
struct Node {
  Handle handle;
  std::string path;
  [[nodiscard]] hid_t id() const { return handle.get(); }
  /// The path of a child called `name`.
  [[nodiscard]] std::string child(std::string_view name) const {
    return path == "/" ? fmt::format("/{}", name) : fmt::format("{}/{}", path, name);
  }
};

/// The link name of a data set or group named after user data (series, tables, columns): '%'
/// and '/' escaped as %25 and %2F, "" as %00 and "." as %2E. Injective, so names stay distinct.
std::string link_name(std::string_view name) {
  if (name.empty()) return "%00";
  if (name == ".") return "%2E";
  std::string out;
  out.reserve(name.size());
  for (const char ch : name) {
    if (ch == '%') {
      out += "%25";
    } else if (ch == '/') {
      out += "%2F";
    } else {
      out += ch;
    }
  }
  return out;
}

/// The name of run `index`'s group: six digits, zero padded.
std::string run_name(std::size_t index) {
  return fmt::format("{:06d}", index);
}

/// The native HDF5 type of a C++ number type.
template <class T>
hid_t native_type() {
  if constexpr (std::is_same_v<T, double>) {
    return H5T_NATIVE_DOUBLE;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return H5T_NATIVE_INT64;
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    return H5T_NATIVE_UINT64;
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    return H5T_NATIVE_INT32;
  } else if constexpr (std::is_same_v<T, std::uint32_t>) {
    return H5T_NATIVE_UINT32;
  } else if constexpr (std::is_same_v<T, std::int8_t>) {
    return H5T_NATIVE_INT8;
  } else {
    static_assert(std::is_same_v<T, std::uint8_t>);
    return H5T_NATIVE_UINT8;
  }
}

/// A variable-length UTF-8 string type (in memory and in the file).
Handle variable_string_type(H5T_cset_t cset = H5T_CSET_UTF8) {
  Handle t = checked(H5Tcopy(H5T_C_S1), H5Tclose, "cannot make a string type");
  check(H5Tset_size(t.get(), H5T_VARIABLE), "cannot make a string type");
  check(H5Tset_cset(t.get(), cset), "cannot make a string type");
  return t;
}

/// A fixed-length UTF-8 string type of `size` bytes: NUL terminated (`pad` H5T_STR_NULLTERM;
/// h5dump shows the text up to the NUL) or NUL padded (H5T_STR_NULLPAD).
Handle fixed_string_type(std::size_t size, H5T_str_t pad) {
  Handle t = checked(H5Tcopy(H5T_C_S1), H5Tclose, "cannot make a string type");
  check(H5Tset_size(t.get(), size), "cannot make a string type");
  check(H5Tset_strpad(t.get(), pad), "cannot make a string type");
  check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "cannot make a string type");
  return t;
}

/// One member of a compound type: its name, offset in the memory struct and types.
struct Member {
  const char* name;
  std::size_t offset;
  hid_t memory_type;
  hid_t file_type;
};

/// A compound type in memory (the C++ struct) and in the file (packed, little-endian members).
struct Compound {
  Handle memory;
  Handle file;
};

/// Builds a Compound for a struct of `size` bytes with these members.
Compound make_compound(std::size_t size, const std::vector<Member>& members) {
  Compound c;
  c.memory = checked(H5Tcreate(H5T_COMPOUND, size), H5Tclose, "cannot make a compound type");
  std::size_t file_size = 0;
  for (const Member& m : members) {
    check(H5Tinsert(c.memory.get(), m.name, m.offset, m.memory_type), "cannot make a compound type");
    file_size += H5Tget_size(m.file_type);
  }
  c.file = checked(H5Tcreate(H5T_COMPOUND, file_size), H5Tclose, "cannot make a compound type");
  std::size_t offset = 0;
  for (const Member& m : members) {
    check(H5Tinsert(c.file.get(), m.name, offset, m.file_type), "cannot make a compound type");
    offset += H5Tget_size(m.file_type);
  }
  return c;
}

/// Copies an HDF5 type (so that every type a column holds is its own to close).
Handle copy_type(hid_t type) {
  return checked(H5Tcopy(type), H5Tclose, "cannot copy a type");
}

/// Strings as one fixed-length string type (one byte longer than the longest, so that every
/// value is NUL terminated) and their bytes, one element after the other.
struct PackedStrings {
  Handle type;
  std::vector<char> bytes;
};

/// Packs `values` (anything that converts to std::string_view) for writing.
template <class Strings>
PackedStrings pack_strings(const Strings& values) {
  std::size_t size = 1;
  for (const std::string_view v : values) size = std::max(size, v.size() + 1);
  PackedStrings packed{fixed_string_type(size, H5T_STR_NULLTERM),
                       std::vector<char>(std::size(values) * size, '\0')};
  std::size_t at = 0;
  for (const std::string_view v : values) {
    std::copy(v.begin(), v.end(), packed.bytes.begin() + static_cast<std::ptrdiff_t>(at));
    at += size;
  }
  return packed;
}

/// A compound data set assembled column by column: text columns become fixed-length strings as
/// long as their longest value, number columns keep their type. Rows are packed (no padding).
class CompoundTable {
 public:
  /// A text column (one value per row).
  void text(const char* name, const std::vector<std::string_view>& values) {
    PackedStrings packed = pack_strings(values);
    const std::size_t size = H5Tget_size(packed.type.get());
    Handle file = copy_type(packed.type.get());
    columns_.push_back(Column{name, size, std::move(packed.type), std::move(file), std::move(packed.bytes)});
  }

  /// A number column (one value per row), stored as `file_type`.
  template <class T>
  void number(const char* name, hid_t file_type, const std::vector<T>& values) {
    std::vector<char> bytes(values.size() * sizeof(T));
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    columns_.push_back(
        Column{name, sizeof(T), copy_type(native_type<T>()), copy_type(file_type), std::move(bytes)});
  }

  /// The memory and file types of a row.
  [[nodiscard]] Compound types() const {
    const std::size_t row = row_size();
    Compound c{
        checked(H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(1, row)), H5Tclose, "cannot make a type"),
        checked(H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(1, row)), H5Tclose, "cannot make a type")};
    std::size_t offset = 0;
    for (const Column& col : columns_) {
      check(H5Tinsert(c.memory.get(), col.name, offset, col.memory.get()), "cannot make a compound type");
      check(H5Tinsert(c.file.get(), col.name, offset, col.file.get()), "cannot make a compound type");
      offset += col.size;
    }
    return c;
  }

  /// The rows, packed one after the other as types() describes them.
  [[nodiscard]] std::vector<char> rows(std::size_t count) const {
    const std::size_t row = row_size();
    std::vector<char> out(count * row, '\0');
    std::size_t offset = 0;
    for (const Column& col : columns_) {
      for (std::size_t i = 0; i < count; ++i) {
        std::memcpy(out.data() + i * row + offset, col.bytes.data() + i * col.size, col.size);
      }
      offset += col.size;
    }
    return out;
  }

 private:
  struct Column {
    const char* name;
    std::size_t size;
    Handle memory;
    Handle file;
    std::vector<char> bytes;  ///< the values, `size` bytes each
  };

  [[nodiscard]] std::size_t row_size() const {
    std::size_t row = 0;
    for (const Column& col : columns_) row += col.size;
    return row;
  }

  std::vector<Column> columns_;
};

/// The trace record type (stats::TraceRecord as it is in memory).
Compound trace_type() {
  using stats::TraceRecord;
  return make_compound(sizeof(TraceRecord),
                       {
                           {"time_ticks", offsetof(TraceRecord, time_ticks), H5T_NATIVE_INT64, H5T_STD_I64LE},
                           {"component", offsetof(TraceRecord, component), H5T_NATIVE_UINT32, H5T_STD_U32LE},
                           {"kind", offsetof(TraceRecord, kind), H5T_NATIVE_UINT32, H5T_STD_U32LE},
                           {"entity", offsetof(TraceRecord, entity), H5T_NATIVE_UINT64, H5T_STD_U64LE},
                           {"payload", offsetof(TraceRecord, payload), H5T_NATIVE_UINT64, H5T_STD_U64LE},
                       });
}

/// Parses a KPI kind from its name ("count", "tally", "time-weighted", "ratio").
std::optional<stats::KpiKind> parse_kind(std::string_view text) {
  for (const stats::KpiKind k : {stats::KpiKind::kCount, stats::KpiKind::kTally,
                                 stats::KpiKind::kTimeWeighted, stats::KpiKind::kRatio}) {
    if (stats::to_string(k) == text) return k;
  }
  return std::nullopt;
}

/// The `name` of each item, in order.
template <class T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> names;
  names.reserve(items.size());
  for (const T& item : items) names.push_back(item.name);
  return names;
}

/// Seconds for a tick count, as the file stores times.
double to_seconds(std::int64_t ticks) {
  return static_cast<double>(ticks) / static_cast<double>(kTicksPerSecond);
}

// ------------------------------------------------------------------------------------------------
// Writing

/// Property lists and types one write uses.
class Writer {
 public:
  Writer()
      : gcpl_(checked(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "cannot make a property list")),
        dcpl_(checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "cannot make a property list")),
        lcpl_(checked(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "cannot make a property list")),
        trace_(trace_type()) {
    check(H5Pset_obj_track_times(gcpl_.get(), 0), "cannot set group properties");
    check(H5Pset_link_creation_order(gcpl_.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          "cannot set group properties");
    check(H5Pset_obj_track_times(dcpl_.get(), 0), "cannot set data set properties");
    check(H5Pset_char_encoding(lcpl_.get(), H5T_CSET_UTF8), "cannot set link properties");
  }

  /// Writes everything `data` holds at its detail level into the open file `file`.
  void write(hid_t file, const ResultData& data) const {
    Node root{checked(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "cannot open the root group"), "/"};
    write_root_attributes(root, data);
    write_scalar_string(root, "scenario", data.meta.scenario_yaml);
    const Node parameters = create_group(root, "parameters");
    std::vector<std::string> names;
    std::vector<std::string> values;
    for (const auto& [name, value] : data.meta.parameters) {
      names.push_back(name);
      values.push_back(value);
    }
    write_strings(parameters, "name", names);
    write_strings(parameters, "value", values);
    const Node runs = create_group(root, "runs");
    for (std::size_t i = 0; i < data.runs.size(); ++i) write_run(runs, i, data.runs[i], data.meta.detail);
    if (data.meta.experiment.present) write_experiment(root, data.meta.experiment);
  }

 private:
  /// Creates group `name` in `parent` (no times, link creation order tracked and indexed).
  [[nodiscard]] Node create_group(const Node& parent, const std::string& name) const {
    std::string path = parent.child(name);
    Handle g = checked(H5Gcreate2(parent.id(), name.c_str(), lcpl_.get(), gcpl_.get(), H5P_DEFAULT), H5Gclose,
                       fmt::format("cannot create the group {}", path));
    return {std::move(g), std::move(path)};
  }

  /// Creates data set `name` in `parent` with file type `type` and shape `dims` (scalar when
  /// empty): contiguous when small; chunked (by shape only) and deflated with shuffle when large.
  [[nodiscard]] Node create_dataset(const Node& parent, const std::string& name, hid_t type,
                                    const std::vector<hsize_t>& dims) const {
    std::string path = parent.child(name);
    const std::string what = fmt::format("cannot create the data set {}", path);
    Handle space =
        dims.empty()
            ? checked(H5Screate(H5S_SCALAR), H5Sclose, what)
            : checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, what);
    hsize_t count = 1;
    for (const hsize_t d : dims) count *= d;
    Handle chunked;
    hid_t dcpl = dcpl_.get();
    if (count > kChunkThreshold) {
      chunked = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, what);
      check(H5Pset_obj_track_times(chunked.get(), 0), what);
      const std::size_t element = std::max<std::size_t>(1, H5Tget_size(type));
      const hsize_t target = std::max<hsize_t>(1, kChunkBytes / element);
      std::vector<hsize_t> chunk(dims.size(), 1);
      hsize_t left = target;
      for (std::size_t k = dims.size(); k-- > 0;) {  // innermost dimension first
        chunk[k] = std::max<hsize_t>(1, std::min(dims[k], left));
        left = std::max<hsize_t>(1, left / chunk[k]);
      }
      check(H5Pset_chunk(chunked.get(), static_cast<int>(chunk.size()), chunk.data()), what);
      check(H5Pset_shuffle(chunked.get()), what);
      check(H5Pset_deflate(chunked.get(), kDeflateLevel), what);
      dcpl = chunked.get();
    }
    Handle d =
        checked(H5Dcreate2(parent.id(), name.c_str(), type, space.get(), lcpl_.get(), dcpl, H5P_DEFAULT),
                H5Dclose, what);
    return {std::move(d), std::move(path)};
  }

  /// Creates a data set and writes `buffer` (memory type `memory_type`) into it.
  Node write_dataset(const Node& parent, const std::string& name, hid_t file_type, hid_t memory_type,
                     const std::vector<hsize_t>& dims, const void* buffer) const {
    Node d = create_dataset(parent, name, file_type, dims);
    hsize_t count = 1;
    for (const hsize_t n : dims) count *= n;
    if (count > 0) {
      check(H5Dwrite(d.id(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer),
            fmt::format("cannot write the data set {}", d.path));
    }
    return d;
  }

  /// A 1-D data set of numbers (file type `file_type`).
  template <class T>
  Node write_numbers(const Node& parent, const std::string& name, hid_t file_type,
                     const std::vector<T>& values) const {
    return write_dataset(parent, name, file_type, native_type<T>(), {values.size()}, values.data());
  }

  /// A 1-D data set of fixed-length UTF-8 strings.
  Node write_strings(const Node& parent, const std::string& name,
                     const std::vector<std::string>& values) const {
    const PackedStrings packed = pack_strings(values);
    return write_dataset(parent, name, packed.type.get(), packed.type.get(), {values.size()},
                         packed.bytes.data());
  }

  /// A scalar data set holding one fixed-length UTF-8 string.
  void write_scalar_string(const Node& parent, const std::string& name, std::string_view value) const {
    const PackedStrings packed = pack_strings(std::array<std::string_view, 1>{value});
    write_dataset(parent, name, packed.type.get(), packed.type.get(), {}, packed.bytes.data());
  }

  /// A 1-D compound data set of `count` rows.
  Node write_compound(const Node& parent, const std::string& name, const CompoundTable& table,
                      std::size_t count) const {
    const Compound types = table.types();
    const std::vector<char> rows = table.rows(count);
    return write_dataset(parent, name, types.file.get(), types.memory.get(), {count}, rows.data());
  }

  /// Writes attribute `name` of `obj` (shape `dims`, scalar when empty) from `buffer`.
  static void write_attribute(const Node& obj, const char* name, hid_t file_type, hid_t memory_type,
                              const std::vector<hsize_t>& dims, const void* buffer) {
    const std::string what = fmt::format("cannot write the attribute {} of {}", name, obj.path);
    Handle space =
        dims.empty()
            ? checked(H5Screate(H5S_SCALAR), H5Sclose, what)
            : checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, what);
    const Handle a =
        checked(H5Acreate2(obj.id(), name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose, what);
    if (dims.empty() || dims.front() > 0) check(H5Awrite(a.get(), memory_type, buffer), what);
  }

  /// A scalar number attribute.
  template <class T>
  static void attr_number(const Node& obj, const char* name, hid_t file_type, T value) {
    write_attribute(obj, name, file_type, native_type<T>(), {}, &value);
  }

  /// A scalar fixed-length UTF-8 string attribute (as long as the value).
  static void attr_string(const Node& obj, const char* name, std::string_view value) {
    const PackedStrings packed = pack_strings(std::array<std::string_view, 1>{value});
    write_attribute(obj, name, packed.type.get(), packed.type.get(), {}, packed.bytes.data());
  }

  /// A 1-D attribute of fixed-length UTF-8 strings (as long as the longest).
  static void attr_strings(const Node& obj, const char* name, const std::vector<std::string>& values) {
    const PackedStrings packed = pack_strings(values);
    write_attribute(obj, name, packed.type.get(), packed.type.get(), {values.size()}, packed.bytes.data());
  }

  /// A fixed-length UTF-8 string attribute of `size` bytes, NUL padded; a longer value is cut
  /// at a character boundary.
  static void attr_fixed_string(const Node& obj, const char* name, std::string_view value, std::size_t size) {
    std::size_t length = std::min(value.size(), size);
    while (length > 0 && length < value.size() &&
           (static_cast<unsigned char>(value[length]) & 0xC0U) == 0x80U) {
      --length;
    }
    std::vector<char> buffer(size, '\0');
    std::memcpy(buffer.data(), value.data(), length);
    const Handle type = fixed_string_type(size, H5T_STR_NULLPAD);
    write_attribute(obj, name, type.get(), type.get(), {}, buffer.data());
  }

  /// The attributes of the root group: what was run, by which program, and the provenance.
  void write_root_attributes(const Node& root, const ResultData& data) const {
    const ResultMeta& m = data.meta;
    attr_string(root, "format", kFormat);
    attr_number<std::int32_t>(root, "schema_version", H5T_STD_I32LE, kResultSchemaVersion);
    attr_string(root, "whsim_version", m.whsim_version);
    attr_string(root, "git_commit", m.git_commit);
    attr_number<std::int8_t>(root, "git_dirty", H5T_STD_I8LE, m.git_dirty ? 1 : 0);
    attr_string(root, "compiler", m.compiler);
    attr_string(root, "compiler_flags", m.compiler_flags);
    attr_string(root, "scenario_name", m.scenario_name);
    attr_string(root, "scenario_file", m.scenario_file);
    attr_string(root, "scenario_hash", m.scenario_hash);
    attr_string(root, "scenario_sha256", m.scenario_sha256);
    attr_number<std::uint64_t>(root, "master_seed", H5T_STD_U64LE, m.master_seed);
    attr_string(root, "detail", to_string(m.detail));
    attr_string(root, "trace_filter", m.trace_filter);
    attr_number<std::int8_t>(root, "complete", H5T_STD_I8LE, m.complete ? 1 : 0);
    attr_number<std::int32_t>(root, "exit_status", H5T_STD_I32LE, m.exit_status);
    if (data.runs.size() > std::numeric_limits<std::uint32_t>::max()) throw Failure("too many runs");
    attr_number<std::uint32_t>(root, "run_count", H5T_STD_U32LE,
                               static_cast<std::uint32_t>(data.runs.size()));
    attr_fixed_string(root, "provenance_created", m.provenance.created, kCreatedBytes);
    attr_fixed_string(root, "provenance_host", m.provenance.host, kHostBytes);
    attr_number<double>(root, "provenance_wall_seconds", H5T_IEEE_F64LE, m.provenance.wall_seconds);
    attr_number<double>(root, "provenance_build_seconds", H5T_IEEE_F64LE, m.provenance.build_seconds);
  }

  /// /experiment: how the runs are to be read, and the sweep's points.
  void write_experiment(const Node& root, const ExperimentInfo& e) const {
    const Node g = create_group(root, "experiment");
    attr_string(g, "kind", e.kind);
    attr_string(g, "analysis", e.analysis);
    attr_string(g, "warmup_method", e.warmup_method);
    attr_number<double>(g, "warmup_s", H5T_IEEE_F64LE, e.warmup_seconds);
    attr_number<std::int8_t>(g, "warmup_reliable", H5T_STD_I8LE, e.warmup_reliable ? 1 : 0);
    attr_string(g, "warmup_note", e.warmup_note);
    attr_number<double>(g, "confidence_level", H5T_IEEE_F64LE, e.confidence_level);
    attr_string(g, "sweep_file", e.sweep_file);
    attr_string(g, "sweep_id", e.sweep_id);
    write_strings(g, "keys", e.keys);
    std::vector<std::string> values;
    for (const std::vector<std::string>& point : e.points) {
      if (point.size() != e.keys.size()) throw Failure("a sweep point has the wrong number of values");
      values.insert(values.end(), point.begin(), point.end());
    }
    attr_number<std::uint64_t>(g, "point_count", H5T_STD_U64LE, e.points.size());
    write_strings(g, "values", values);
  }

  /// One run's group with everything the detail level asks for.
  void write_run(const Node& runs, std::size_t index, const RunRecord& record, Detail detail) const {
    const stats::RunResult& r = record.result;
    const Node g = create_group(runs, run_name(index));
    attr_string(g, "run_id", record.run_id);
    attr_number<std::uint64_t>(g, "point", H5T_STD_U64LE, record.point);
    attr_number<std::uint64_t>(g, "replication", H5T_STD_U64LE, record.replication);
    attr_number<std::uint64_t>(g, "seed", H5T_STD_U64LE, r.seed);
    attr_string(g, "fingerprint", fmt::format("{:016x}", r.fingerprint));
    attr_number<std::uint64_t>(g, "events", H5T_STD_U64LE, r.events);
    attr_number<double>(g, "measured_from_s", H5T_IEEE_F64LE, r.measured_from.to_seconds());
    attr_number<double>(g, "end_s", H5T_IEEE_F64LE, r.end.to_seconds());
    attr_number<std::int8_t>(g, "complete", H5T_STD_I8LE, r.complete ? 1 : 0);
    attr_number<double>(g, "provenance_wall_seconds", H5T_IEEE_F64LE, record.wall_seconds);

    const Node model = create_group(g, "model");
    std::vector<std::string> names;
    std::vector<std::int64_t> values;
    for (const auto& [name, value] : record.model) {
      names.push_back(name);
      values.push_back(value);
    }
    write_strings(model, "name", names);
    write_numbers(model, "value", H5T_STD_I64LE, values);

    write_kpis(g, r.kpis);
    write_tables(g, r.tables);
    if (detail >= Detail::kStandard) {
      write_series(g, r.series);
      write_records(g, r.records);
      write_grids(g, r.grids);
    }
    if (!r.layout.empty()) write_floor(g, r.layout);
    if (detail >= Detail::kFull) write_trace(g, r.trace);
  }

  /// The kpis compound data set.
  void write_kpis(const Node& run, const std::vector<stats::KpiValue>& kpis) const {
    CompoundTable table;
    const auto text = [&](const char* name, auto field) {
      std::vector<std::string_view> values;
      values.reserve(kpis.size());
      for (const stats::KpiValue& k : kpis) values.emplace_back(field(k));
      table.text(name, values);
    };
    const auto number = [&](const char* name, double stats::KpiValue::*member) {
      std::vector<double> values;
      values.reserve(kpis.size());
      for (const stats::KpiValue& k : kpis) values.push_back(k.*member);
      table.number(name, H5T_IEEE_F64LE, values);
    };
    text("name", [](const stats::KpiValue& k) { return std::string_view(k.name); });
    text("unit", [](const stats::KpiValue& k) { return std::string_view(k.unit); });
    text("kind", [](const stats::KpiValue& k) { return stats::to_string(k.kind); });
    text("definition", [](const stats::KpiValue& k) { return std::string_view(k.definition); });
    number("value", &stats::KpiValue::value);
    std::vector<std::int64_t> counts;
    counts.reserve(kpis.size());
    for (const stats::KpiValue& k : kpis) counts.push_back(k.count);
    table.number("count", H5T_STD_I64LE, counts);
    number("stddev", &stats::KpiValue::stddev);
    number("min", &stats::KpiValue::min);
    number("max", &stats::KpiValue::max);
    number("p50", &stats::KpiValue::p50);
    number("p90", &stats::KpiValue::p90);
    number("p95", &stats::KpiValue::p95);
    number("p99", &stats::KpiValue::p99);
    write_compound(run, "kpis", table, kpis.size());
  }

  /// tables/<name>/: description, label, columns, units; row_labels and one data set per column.
  void write_tables(const Node& run, const std::vector<stats::Table>& tables) const {
    const Node group = create_group(run, "tables");
    attr_strings(group, "names", names_of(tables));
    for (const stats::Table& t : tables) {
      const Node g = create_group(group, link_name(t.name));
      if (t.row_labels.size() != t.rows.size()) {
        throw Failure(fmt::format("table {} has {} rows and {} row labels", t.name, t.rows.size(),
                                  t.row_labels.size()));
      }
      attr_string(g, "description", t.description);
      attr_string(g, "label", t.label);
      attr_strings(g, "columns", t.columns);
      attr_strings(g, "units", t.units);
      write_strings(g, "row_labels", t.row_labels);
      std::vector<double> column(t.rows.size());
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
          if (t.rows[i].size() != t.columns.size()) {
            throw Failure(fmt::format("table {}: row {} has {} values for {} columns", t.name, i,
                                      t.rows[i].size(), t.columns.size()));
          }
          column[i] = t.rows[i][c];
        }
        write_numbers(g, link_name(t.columns[c]), H5T_IEEE_F64LE, column);
      }
    }
  }

  /// series/: time_s and one data set per series (all sampled at the same times).
  void write_series(const Node& run, const std::vector<stats::TimeSeries>& series) const {
    const Node group = create_group(run, "series");
    attr_strings(group, "names", names_of(series));
    std::vector<double> times;
    if (!series.empty()) {
      const std::vector<std::int64_t>& ticks = series.front().time_ticks;
      for (const stats::TimeSeries& s : series) {
        if (s.time_ticks != ticks) {
          throw Failure(
              fmt::format("time series {} is not sampled at the times of {}", s.name, series.front().name));
        }
        if (s.values.size() != ticks.size()) {
          throw Failure(fmt::format("time series {} has {} values for {} times", s.name, s.values.size(),
                                    ticks.size()));
        }
      }
      times.reserve(ticks.size());
      for (const std::int64_t t : ticks) times.push_back(to_seconds(t));
    }
    write_numbers(group, "time_s", H5T_IEEE_F64LE, times);
    for (const stats::TimeSeries& s : series) {
      const Node d = write_numbers(group, link_name(s.name), H5T_IEEE_F64LE, s.values);
      attr_string(d, "unit", s.unit);
    }
  }

  /// records/<name>/: description, columns, units and one data set per column.
  void write_records(const Node& run, const std::vector<stats::RecordTable>& records) const {
    const Node group = create_group(run, "records");
    attr_strings(group, "names", names_of(records));
    for (const stats::RecordTable& t : records) {
      if (t.values.size() != t.columns.size()) {
        throw Failure(fmt::format("record table {} has {} columns and {} value columns", t.name,
                                  t.columns.size(), t.values.size()));
      }
      const Node g = create_group(group, link_name(t.name));
      attr_string(g, "description", t.description);
      attr_strings(g, "columns", t.columns);
      attr_strings(g, "units", t.units);
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        write_numbers(g, link_name(t.columns[c]), H5T_IEEE_F64LE, t.values[c]);
      }
    }
  }

  /// grids/<name>: a 2-D [height][width] data set per grid.
  void write_grids(const Node& run, const std::vector<stats::Grid>& grids) const {
    const Node group = create_group(run, "grids");
    attr_strings(group, "names", names_of(grids));
    for (const stats::Grid& g : grids) {
      if (g.width < 0 || g.height < 0 ||
          g.values.size() != static_cast<std::size_t>(g.width) * static_cast<std::size_t>(g.height)) {
        throw Failure(fmt::format("grid {} has {} values for {} x {} cells", g.name, g.values.size(), g.width,
                                  g.height));
      }
      const Node d =
          write_dataset(group, link_name(g.name), H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                        {static_cast<hsize_t>(g.height), static_cast<hsize_t>(g.width)}, g.values.data());
      attr_string(d, "unit", g.unit);
      attr_string(d, "description", g.description);
    }
  }

  /// floor/: cells [height][width] and the markers.
  void write_floor(const Node& run, const stats::FloorLayout& layout) const {
    if (layout.width < 0 || layout.height < 0 ||
        layout.cells.size() !=
            static_cast<std::size_t>(layout.width) * static_cast<std::size_t>(layout.height)) {
      throw Failure(fmt::format("the floor layout has {} cells for {} x {}", layout.cells.size(),
                                layout.width, layout.height));
    }
    const Node group = create_group(run, "floor");
    const Node cells = write_dataset(
        group, "cells", H5T_STD_U8LE, H5T_NATIVE_UINT8,
        {static_cast<hsize_t>(layout.height), static_cast<hsize_t>(layout.width)}, layout.cells.data());
    attr_number<double>(cells, "cell_size_m", H5T_IEEE_F64LE, layout.cell_size_m);
    attr_string(cells, "legend", kLegend);
    std::vector<std::string_view> kinds;
    std::vector<std::string_view> labels;
    std::vector<std::int32_t> xs;
    std::vector<std::int32_t> ys;
    for (const stats::FloorLayout::Marker& m : layout.markers) {
      kinds.emplace_back(m.kind);
      labels.emplace_back(m.label);
      xs.push_back(m.x);
      ys.push_back(m.y);
    }
    CompoundTable table;
    table.text("kind", kinds);
    table.text("label", labels);
    table.number("x", H5T_STD_I32LE, xs);
    table.number("y", H5T_STD_I32LE, ys);
    write_compound(group, "markers", table, layout.markers.size());
  }

  /// trace, trace_components and trace_kinds.
  void write_trace(const Node& run, const stats::Trace& trace) const {
    const Node d = write_dataset(run, "trace", trace_.file.get(), trace_.memory.get(), {trace.records.size()},
                                 trace.records.data());
    attr_string(d, "filter", trace.filter);
    write_strings(run, "trace_components", trace.components);
    write_strings(run, "trace_kinds", trace.kinds);
  }

  Handle gcpl_;
  Handle dcpl_;
  Handle lcpl_;
  Compound trace_;
};

/// Creates `tmp`, writes `data` into it, flushes and closes it (and syncs it to disk).
void write_file(const std::filesystem::path& tmp, const ResultData& data) {
  const Writer writer;
  const Handle fcpl = checked(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "cannot make a property list");
  check(H5Pset_obj_track_times(fcpl.get(), 0), "cannot set file properties");
  check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "cannot set file properties");
  // The HDF5 1.8 file format: every metadata block carries a checksum, so a damaged file is
  // reported by the library instead of being trusted (readable by HDF5 1.8 and later).
  const Handle fapl = checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "cannot make a property list");
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V18),
        "cannot set file access properties");
  errno = 0;
  const hid_t id = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get());
  if (id < 0) throw CreateFailure(fmt::format("cannot create {}: {}", tmp.string(), hdf5_reason()));
  Handle file(id, H5Fclose);
  writer.write(file.get(), data);
  check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "cannot flush the file");
  if (!file.close()) throw Failure(fmt::format("cannot close the file ({})", hdf5_reason()));
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Failure(fmt::format("cannot reopen {} ({})", tmp.string(), std::strerror(errno)));
  const int synced = ::fsync(fd) == 0 || errno == EINVAL ? 0 : errno;
  ::close(fd);
  if (synced != 0) throw Failure(fmt::format("cannot sync {} ({})", tmp.string(), std::strerror(synced)));
}

/// Removes a temporary we wrote (a plain file only: never a folder of the same name).
void remove_temporary(const std::filesystem::path& tmp) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(std::filesystem::symlink_status(tmp, ec))) {
    std::filesystem::remove(tmp, ec);
  }
}

// ------------------------------------------------------------------------------------------------
// Reading

/// Opens child `name` of `parent`, which must exist and be of type `type` (a group or a data set).
Node open_child(const Node& parent, const std::string& name, H5I_type_t type) {
  std::string path = parent.child(name);
  const char* kind = type == H5I_GROUP ? "group" : "dataset";
  const htri_t exists = H5Lexists(parent.id(), name.c_str(), H5P_DEFAULT);
  if (exists < 0) throw Failure(fmt::format("cannot look up {} {} ({})", kind, path, hdf5_reason()));
  if (exists == 0) throw Failure(fmt::format("missing {} {}", kind, path));
  Handle h =
      checked(H5Oopen(parent.id(), name.c_str(), H5P_DEFAULT), H5Oclose, fmt::format("cannot open {}", path));
  if (H5Iget_type(h.get()) != type) throw Failure(fmt::format("{} is not a {}", path, kind));
  return {std::move(h), std::move(path)};
}

/// Opens group `name` of `parent`.
Node open_group(const Node& parent, const std::string& name) {
  return open_child(parent, name, H5I_GROUP);
}

/// Opens data set `name` of `parent`.
Node open_dataset(const Node& parent, const std::string& name) {
  return open_child(parent, name, H5I_DATASET);
}

/// The dimensions of a data space (empty for a scalar; {0} for a null space) and its element count.
struct Shape {
  std::vector<hsize_t> dims;
  hsize_t count = 0;
};

/// The shape of `space`, checked against kMaxElements.
Shape shape_of(hid_t space, std::string_view what) {
  Shape s;
  const H5S_class_t cls = H5Sget_simple_extent_type(space);
  if (cls == H5S_NULL) {
    s.dims = {0};
    return s;
  }
  if (cls != H5S_SCALAR && cls != H5S_SIMPLE) throw Failure(fmt::format("{} has no valid shape", what));
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > H5S_MAX_RANK) throw Failure(fmt::format("{} has no valid shape", what));
  s.dims.resize(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space, s.dims.data(), nullptr) < 0) {
    throw Failure(fmt::format("{} has no valid shape ({})", what, hdf5_reason()));
  }
  s.count = 1;
  for (const hsize_t d : s.dims) {
    if (d != 0 && s.count > kMaxElements / d) throw Failure(fmt::format("{} is too large", what));
    s.count *= d;
  }
  return s;
}

/// Frees what HDF5 allocated for variable-length data read into `buffer` (on every exit path).
class VlenBuffer {
 public:
  VlenBuffer(hid_t type, hid_t space, void* buffer) : type_(type), space_(space), buffer_(buffer) {}
  VlenBuffer(const VlenBuffer&) = delete;
  VlenBuffer& operator=(const VlenBuffer&) = delete;
  ~VlenBuffer() { H5Dvlen_reclaim(type_, space_, H5P_DEFAULT, buffer_); }

 private:
  hid_t type_;
  hid_t space_;
  void* buffer_;
};

/// A data set or an attribute, read the same way.
class Readable {
 public:
  /// The data set `d`.
  static Readable dataset(const Node& d) {
    return {d.id(), false, d.path,
            checked(H5Dget_type(d.id()), H5Tclose, fmt::format("cannot read the type of {}", d.path)),
            checked(H5Dget_space(d.id()), H5Sclose, fmt::format("cannot read the shape of {}", d.path))};
  }
  /// Attribute `name` of `obj` (a Failure naming it when it is missing).
  static Readable attribute(const Node& obj, const char* name, Handle& holder) {
    std::string what = fmt::format("attribute {} of {}", name, obj.path);
    const htri_t exists = H5Aexists(obj.id(), name);
    if (exists < 0) throw Failure(fmt::format("cannot look up the {} ({})", what, hdf5_reason()));
    if (exists == 0) throw Failure(fmt::format("missing {}", what));
    holder = checked(H5Aopen(obj.id(), name, H5P_DEFAULT), H5Aclose, fmt::format("cannot open the {}", what));
    Handle type =
        checked(H5Aget_type(holder.get()), H5Tclose, fmt::format("cannot read the type of the {}", what));
    Handle space =
        checked(H5Aget_space(holder.get()), H5Sclose, fmt::format("cannot read the shape of the {}", what));
    return {holder.get(), true, std::move(what), std::move(type), std::move(space)};
  }

  [[nodiscard]] const std::string& what() const { return what_; }
  [[nodiscard]] hid_t type() const { return type_.get(); }
  [[nodiscard]] hid_t space() const { return space_.get(); }
  /// The shape, checked against the bytes stored: a damaged shape must not make us allocate
  /// more than the file can hold (deflate packs at most about 1:1032).
  [[nodiscard]] Shape shape() const {
    Shape s = shape_of(space_.get(), what_);
    const hsize_t stored = attribute_ ? H5Aget_storage_size(id_) : H5Dget_storage_size(id_);
    const hsize_t element = std::max<hsize_t>(1, H5Tget_size(type_.get()));
    if (s.count > (stored * kMaxExpansion + kSlackBytes) / element) {
      throw Failure(fmt::format("{} is damaged (its shape does not match the bytes stored)", what_));
    }
    return s;
  }

  /// Reads everything into `buffer` as `memory_type`.
  void read(hid_t memory_type, void* buffer) const {
    const std::string what = fmt::format("cannot read {}", what_);
    if (attribute_) {
      check(H5Aread(id_, memory_type, buffer), what);
      return;
    }
    // HDF5 allocates and clears a conversion buffer of this size for each read that converts
    // (one compound member, say): its default of 1 MiB is far more than our tables need.
    const std::size_t element =
        std::max({H5Tget_size(type_.get()), H5Tget_size(memory_type), std::size_t{1}});
    const hsize_t elements = std::max<hsize_t>(1, shape().count);
    const auto bytes = static_cast<std::size_t>(
        std::clamp<hsize_t>(elements * element, element, std::max<hsize_t>(element, kConversionBytes)));
    const Handle transfer = checked(H5Pcreate(H5P_DATASET_XFER), H5Pclose, what);
    check(H5Pset_buffer(transfer.get(), bytes, nullptr, nullptr), what);
    check(H5Dread(id_, memory_type, H5S_ALL, H5S_ALL, transfer.get(), buffer), what);
  }

  /// Fails unless the stored type is of class `cls`.
  void expect_class(H5T_class_t cls, std::string_view expected) const {
    if (H5Tget_class(type_.get()) != cls) throw Failure(fmt::format("{} does not hold {}", what_, expected));
  }

  /// Fails unless the stored type is a number.
  void expect_number() const {
    const H5T_class_t cls = H5Tget_class(type_.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) throw Failure(fmt::format("{} does not hold numbers", what_));
  }

 private:
  Readable(hid_t id, bool attribute, std::string what, Handle type, Handle space)
      : id_(id),
        attribute_(attribute),
        what_(std::move(what)),
        type_(std::move(type)),
        space_(std::move(space)) {}

  hid_t id_;
  bool attribute_;
  std::string what_;
  Handle type_;
  Handle space_;
};

/// The memory type to read `element` into: itself, or a compound holding only member `member`
/// (HDF5 then reads just that member of each row).
Handle read_type(hid_t element, const char* member) {
  if (member == nullptr) return copy_type(element);
  Handle c = checked(H5Tcreate(H5T_COMPOUND, H5Tget_size(element)), H5Tclose, "cannot make a compound type");
  check(H5Tinsert(c.get(), member, 0, element), "cannot make a compound type");
  return c;
}

/// The type of member `member` of the compound data set `r` (a Failure naming it when absent).
Handle member_type(const Readable& r, const char* member) {
  const int index = H5Tget_member_index(r.type(), member);
  if (index < 0) {
    H5Eclear2(H5E_DEFAULT);
    throw Failure(fmt::format("{} has no member {}", r.what(), member));
  }
  return checked(H5Tget_member_type(r.type(), static_cast<unsigned>(index)), H5Tclose,
                 fmt::format("cannot read the type of {}", r.what()));
}

/// `count` strings stored as `type` (fixed- or variable-length) in `r`: all of it, or only
/// compound member `member` when that is not null. Fixed-length strings lose their NUL padding.
std::vector<std::string> read_text(const Readable& r, hid_t type, std::size_t count, const char* member) {
  const std::string what = member == nullptr ? r.what() : fmt::format("{} (member {})", r.what(), member);
  if (H5Tget_class(type) != H5T_STRING) throw Failure(fmt::format("{} does not hold text", what));
  std::vector<std::string> out;
  if (count == 0) return out;
  out.reserve(count);
  const H5T_cset_t cset = H5Tget_cset(type);
  const htri_t variable = H5Tis_variable_str(type);
  if (variable < 0 || cset < 0) throw Failure(fmt::format("cannot read the type of {}", what));
  if (variable > 0) {
    const Handle element = variable_string_type(cset);
    const Handle memory = read_type(element.get(), member);
    std::vector<char*> pointers(count, nullptr);
    const VlenBuffer guard(memory.get(), r.space(), pointers.data());
    r.read(memory.get(), pointers.data());
    for (const char* p : pointers) out.emplace_back(p == nullptr ? "" : p);
    return out;
  }
  const std::size_t size = H5Tget_size(type);
  if (size == 0) throw Failure(fmt::format("cannot read the type of {}", what));
  const Handle memory = read_type(type, member);  // as stored: no conversion
  std::vector<char> buffer(count * size, '\0');
  r.read(memory.get(), buffer.data());
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view text(buffer.data() + i * size, size);
    out.emplace_back(text.substr(0, text.find('\0')));
  }
  return out;
}

/// All the strings `r` holds.
std::vector<std::string> read_strings(const Readable& r) {
  return read_text(r, r.type(), static_cast<std::size_t>(r.shape().count), nullptr);
}

/// The number of rows of the 1-D compound data set `r`.
std::size_t compound_rows(const Readable& r, std::string_view holds) {
  r.expect_class(H5T_COMPOUND, holds);
  // HDF5 trusts the members' offsets and sizes when it converts: a damaged type must stop here.
  const std::size_t row = H5Tget_size(r.type());
  const int members = H5Tget_nmembers(r.type());
  if (row == 0 || members < 0) throw Failure(fmt::format("{} has a damaged type", r.what()));
  for (int i = 0; i < members; ++i) {
    const auto index = static_cast<unsigned>(i);
    const Handle type = checked(H5Tget_member_type(r.type(), index), H5Tclose,
                                fmt::format("cannot read the type of {}", r.what()));
    const std::size_t offset = H5Tget_member_offset(r.type(), index);
    const std::size_t size = H5Tget_size(type.get());
    if (size == 0 || offset > row || size > row - offset) {
      throw Failure(fmt::format("{} has a damaged type", r.what()));
    }
  }
  const Shape shape = r.shape();
  if (shape.dims.size() != 1) throw Failure(fmt::format("{} is not 1-D", r.what()));
  return static_cast<std::size_t>(shape.count);
}

/// Member `member` of the `count` rows of compound data set `r`, as strings.
std::vector<std::string> member_strings(const Readable& r, const char* member, std::size_t count) {
  const Handle type = member_type(r, member);
  return read_text(r, type.get(), count, member);
}

/// Member `member` of the `count` rows of compound data set `r`, as numbers of type T.
template <class T>
std::vector<T> member_numbers(const Readable& r, const char* member, std::size_t count) {
  const Handle type = member_type(r, member);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) {
    throw Failure(fmt::format("{} (member {}) does not hold numbers", r.what(), member));
  }
  const Handle memory = read_type(native_type<T>(), member);
  std::vector<T> values(count);
  if (count > 0) r.read(memory.get(), values.data());
  return values;
}

/// One string: a scalar (or single-element) data set or attribute.
std::string read_string(const Readable& r) {
  std::vector<std::string> values = read_strings(r);
  if (values.size() != 1) throw Failure(fmt::format("{} does not hold one string", r.what()));
  return std::move(values.front());
}

/// All the numbers `r` holds, converted to T; `rank` checks the shape (-1: any).
template <class T>
std::vector<T> read_numbers(const Readable& r, int rank, Shape* shape_out = nullptr) {
  r.expect_number();
  Shape shape = r.shape();
  if (rank >= 0 && shape.dims.size() != static_cast<std::size_t>(rank)) {
    throw Failure(fmt::format("{} has {} dimensions, expected {}", r.what(), shape.dims.size(), rank));
  }
  std::vector<T> values(static_cast<std::size_t>(shape.count));
  if (!values.empty()) r.read(native_type<T>(), values.data());
  if (shape_out != nullptr) *shape_out = std::move(shape);
  return values;
}

/// A scalar number attribute.
template <class T>
T attr_number(const Node& obj, const char* name) {
  Handle holder;
  const Readable r = Readable::attribute(obj, name, holder);
  const std::vector<T> values = read_numbers<T>(r, -1);
  if (values.size() != 1) throw Failure(fmt::format("{} does not hold one number", r.what()));
  return values.front();
}

/// A string attribute (scalar).
std::string attr_string(const Node& obj, const char* name) {
  Handle holder;
  return read_string(Readable::attribute(obj, name, holder));
}

/// A 1-D string array attribute.
std::vector<std::string> attr_strings(const Node& obj, const char* name) {
  Handle holder;
  return read_strings(Readable::attribute(obj, name, holder));
}

/// A 1-D data set of strings.
std::vector<std::string> dataset_strings(const Node& parent, const std::string& name) {
  const Node d = open_dataset(parent, name);
  return read_strings(Readable::dataset(d));
}

/// A 1-D data set of numbers.
template <class T>
std::vector<T> dataset_numbers(const Node& parent, const std::string& name) {
  const Node d = open_dataset(parent, name);
  return read_numbers<T>(Readable::dataset(d), 1);
}

/// A 2-D [height][width] data set of numbers.
template <class T>
std::vector<T> dataset_grid(const Node& d, int& width, int& height) {
  Shape shape;
  std::vector<T> values = read_numbers<T>(Readable::dataset(d), 2, &shape);
  constexpr auto kIntMax = static_cast<hsize_t>(std::numeric_limits<int>::max());
  if (shape.dims[0] > kIntMax || shape.dims[1] > kIntMax)
    throw Failure(fmt::format("{} is too large", d.path));
  height = static_cast<int>(shape.dims[0]);
  width = static_cast<int>(shape.dims[1]);
  return values;
}

/// A time in seconds as simulation time (whole microsecond ticks).
SimTime read_time(const Node& obj, const char* name) {
  const double s = attr_number<double>(obj, name);
  const std::optional<Duration> d = Duration::from_seconds_checked(s);
  if (!d) throw Failure(fmt::format("attribute {} of {} is not a time ({})", name, obj.path, s));
  return SimTime::from_ticks(d->ticks());
}

/// Reads one file written by write_result_h5.
class Reader {
 public:
  /// Everything in the open file `file`.
  [[nodiscard]] ResultData read(hid_t file) const {
    const Node root{checked(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "cannot open the root group"), "/"};
    const htri_t has_format = H5Aexists(root.id(), "format");
    if (has_format < 0) throw Failure(fmt::format("cannot read the attributes of / ({})", hdf5_reason()));
    if (has_format == 0) throw Failure("not a whsim result (no format attribute)");
    const std::string format = attr_string(root, "format");
    if (format != kFormat) {
      throw Failure(fmt::format("not a whsim result (format is \"{}\", expected \"{}\")", format, kFormat));
    }
    const auto version = attr_number<std::int64_t>(root, "schema_version");
    if (version != kResultSchemaVersion) {
      throw Failure(fmt::format("schema_version {} is not supported (this whsim reads version {})", version,
                                kResultSchemaVersion));
    }
    ResultData data;
    read_meta(root, data.meta);
    const auto run_count = attr_number<std::uint32_t>(root, "run_count");
    const Node runs = open_group(root, "runs");
    for (std::uint32_t i = 0; i < run_count; ++i) data.runs.push_back(read_run(runs, i, data.meta.detail));
    const htri_t has_experiment = H5Lexists(root.id(), "experiment", H5P_DEFAULT);
    if (has_experiment < 0) throw Failure(fmt::format("cannot look up /experiment ({})", hdf5_reason()));
    if (has_experiment > 0) read_experiment(open_group(root, "experiment"), data.meta.experiment);
    return data;
  }

 private:
  /// The root attributes, the scenario and the parameters.
  static void read_meta(const Node& root, ResultMeta& m) {
    m.whsim_version = attr_string(root, "whsim_version");
    m.git_commit = attr_string(root, "git_commit");
    m.git_dirty = attr_number<std::int8_t>(root, "git_dirty") != 0;
    m.compiler = attr_string(root, "compiler");
    m.compiler_flags = attr_string(root, "compiler_flags");
    m.scenario_name = attr_string(root, "scenario_name");
    m.scenario_file = attr_string(root, "scenario_file");
    m.scenario_hash = attr_string(root, "scenario_hash");
    m.scenario_sha256 = attr_string(root, "scenario_sha256");
    m.master_seed = attr_number<std::uint64_t>(root, "master_seed");
    const std::string detail = attr_string(root, "detail");
    if (!parse_detail(detail, m.detail)) {
      throw Failure(fmt::format("detail \"{}\" is not summary, standard or full", detail));
    }
    m.trace_filter = attr_string(root, "trace_filter");
    m.complete = attr_number<std::int8_t>(root, "complete") != 0;
    m.exit_status = attr_number<std::int32_t>(root, "exit_status");
    m.provenance.created = attr_string(root, "provenance_created");
    m.provenance.host = attr_string(root, "provenance_host");
    m.provenance.wall_seconds = attr_number<double>(root, "provenance_wall_seconds");
    m.provenance.build_seconds = attr_number<double>(root, "provenance_build_seconds");
    {
      const Node scenario = open_dataset(root, "scenario");
      m.scenario_yaml = read_string(Readable::dataset(scenario));
    }
    const Node parameters = open_group(root, "parameters");
    const std::vector<std::string> names = dataset_strings(parameters, "name");
    const std::vector<std::string> values = dataset_strings(parameters, "value");
    if (names.size() != values.size()) {
      throw Failure(fmt::format("{}/name and {}/value differ in length", parameters.path, parameters.path));
    }
    for (std::size_t i = 0; i < names.size(); ++i) m.parameters.emplace_back(names[i], values[i]);
  }

  static void read_experiment(const Node& g, ExperimentInfo& e) {
    e.present = true;
    e.kind = attr_string(g, "kind");
    e.analysis = attr_string(g, "analysis");
    e.warmup_method = attr_string(g, "warmup_method");
    e.warmup_seconds = attr_number<double>(g, "warmup_s");
    e.warmup_reliable = attr_number<std::int8_t>(g, "warmup_reliable") != 0;
    e.warmup_note = attr_string(g, "warmup_note");
    e.confidence_level = attr_number<double>(g, "confidence_level");
    e.sweep_file = attr_string(g, "sweep_file");
    if (H5Aexists(g.id(), "sweep_id") > 0) e.sweep_id = attr_string(g, "sweep_id");
    e.keys = dataset_strings(g, "keys");
    const auto count = attr_number<std::uint64_t>(g, "point_count");
    const std::vector<std::string> values = dataset_strings(g, "values");
    if (values.size() != count * e.keys.size()) {
      throw Failure(fmt::format("{}/values holds {} strings, expected point_count x keys = {}", g.path,
                                values.size(), count * e.keys.size()));
    }
    for (std::uint64_t p = 0; p < count; ++p) {
      const auto from = values.begin() + static_cast<std::ptrdiff_t>(p * e.keys.size());
      e.points.emplace_back(from, from + static_cast<std::ptrdiff_t>(e.keys.size()));
    }
  }

  /// Run `index`.
  [[nodiscard]] RunRecord read_run(const Node& runs, std::uint32_t index, Detail detail) const {
    const Node g = open_group(runs, run_name(index));
    RunRecord record;
    stats::RunResult& r = record.result;
    if (H5Aexists(g.id(), "run_id") > 0) {  // written since experiments (older files lack it)
      record.run_id = attr_string(g, "run_id");
      record.point = attr_number<std::uint64_t>(g, "point");
    }
    record.replication = attr_number<std::uint64_t>(g, "replication");
    r.seed = attr_number<std::uint64_t>(g, "seed");
    const std::string fingerprint = attr_string(g, "fingerprint");
    const char* end = fingerprint.data() + fingerprint.size();
    const auto parsed = std::from_chars(fingerprint.data(), end, r.fingerprint, 16);
    if (fingerprint.size() != 16 || parsed.ec != std::errc() || parsed.ptr != end ||
        fingerprint.find_first_not_of("0123456789abcdef") != std::string::npos) {
      throw Failure(fmt::format("attribute fingerprint of {} is \"{}\", expected 16 lowercase hex digits",
                                g.path, fingerprint));
    }
    r.events = attr_number<std::uint64_t>(g, "events");
    r.measured_from = read_time(g, "measured_from_s");
    r.end = read_time(g, "end_s");
    r.complete = attr_number<std::int8_t>(g, "complete") != 0;
    record.wall_seconds = attr_number<double>(g, "provenance_wall_seconds");

    const Node model = open_group(g, "model");
    const std::vector<std::string> names = dataset_strings(model, "name");
    const std::vector<std::int64_t> values = dataset_numbers<std::int64_t>(model, "value");
    if (names.size() != values.size()) {
      throw Failure(fmt::format("{}/name and {}/value differ in length", model.path, model.path));
    }
    for (std::size_t i = 0; i < names.size(); ++i) record.model.emplace_back(names[i], values[i]);

    r.kpis = read_kpis(g);
    r.tables = read_tables(g);
    if (detail >= Detail::kStandard) {
      r.series = read_series(g);
      r.records = read_records(g);
      r.grids = read_grids(g);
    }
    const htri_t has_floor = H5Lexists(g.id(), "floor", H5P_DEFAULT);
    if (has_floor < 0) throw Failure(fmt::format("cannot look up {}/floor ({})", g.path, hdf5_reason()));
    if (has_floor > 0) r.layout = read_floor(g);
    if (detail >= Detail::kFull) r.trace = read_trace(g);
    return record;
  }

  /// The kpis compound data set.
  static std::vector<stats::KpiValue> read_kpis(const Node& run) {
    const Node d = open_dataset(run, "kpis");
    const Readable r = Readable::dataset(d);
    const std::size_t n = compound_rows(r, "KPI records");
    const std::vector<std::string> names = member_strings(r, "name", n);
    const std::vector<std::string> units = member_strings(r, "unit", n);
    const std::vector<std::string> kinds = member_strings(r, "kind", n);
    const std::vector<std::string> definitions = member_strings(r, "definition", n);
    const std::vector<std::int64_t> counts = member_numbers<std::int64_t>(r, "count", n);
    std::vector<stats::KpiValue> out(n);
    for (const auto& [member, field] :
         {std::pair{"value", &stats::KpiValue::value}, std::pair{"stddev", &stats::KpiValue::stddev},
          std::pair{"min", &stats::KpiValue::min}, std::pair{"max", &stats::KpiValue::max},
          std::pair{"p50", &stats::KpiValue::p50}, std::pair{"p90", &stats::KpiValue::p90},
          std::pair{"p95", &stats::KpiValue::p95}, std::pair{"p99", &stats::KpiValue::p99}}) {
      const std::vector<double> values = member_numbers<double>(r, member, n);
      for (std::size_t i = 0; i < n; ++i) out[i].*field = values[i];
    }
    for (std::size_t i = 0; i < n; ++i) {
      stats::KpiValue& k = out[i];
      k.name = names[i];
      k.unit = units[i];
      k.definition = definitions[i];
      k.count = counts[i];
      const std::optional<stats::KpiKind> kind = parse_kind(kinds[i]);
      if (!kind) {
        throw Failure(
            fmt::format("{}: KPI {} has kind \"{}\" (expected count, tally, time-weighted or ratio)", d.path,
                        k.name, kinds[i]));
      }
      k.kind = *kind;
    }
    return out;
  }

  /// tables/, in the order of its "names" attribute.
  static std::vector<stats::Table> read_tables(const Node& run) {
    const Node group = open_group(run, "tables");
    std::vector<stats::Table> out;
    for (const std::string& name : attr_strings(group, "names")) {
      const Node g = open_group(group, link_name(name));
      stats::Table t;
      t.name = name;
      t.description = attr_string(g, "description");
      t.label = attr_string(g, "label");
      t.columns = attr_strings(g, "columns");
      t.units = attr_strings(g, "units");
      t.row_labels = dataset_strings(g, "row_labels");
      t.rows.assign(t.row_labels.size(), std::vector<double>(t.columns.size()));
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const std::vector<double> column = dataset_numbers<double>(g, link_name(t.columns[c]));
        if (column.size() != t.rows.size()) {
          throw Failure(fmt::format("{}: column {} has {} values for {} row labels", g.path, t.columns[c],
                                    column.size(), t.rows.size()));
        }
        for (std::size_t i = 0; i < column.size(); ++i) t.rows[i][c] = column[i];
      }
      out.push_back(std::move(t));
    }
    return out;
  }

  /// series/, in the order of its "names" attribute, each with the shared time_s.
  static std::vector<stats::TimeSeries> read_series(const Node& run) {
    const Node group = open_group(run, "series");
    const std::vector<std::string> names = attr_strings(group, "names");
    const std::vector<double> seconds = dataset_numbers<double>(group, "time_s");
    std::vector<std::int64_t> ticks;
    ticks.reserve(seconds.size());
    for (const double s : seconds) {
      const std::optional<Duration> d = Duration::from_seconds_checked(s);
      if (!d) throw Failure(fmt::format("{}/time_s holds {}, which is not a time", group.path, s));
      ticks.push_back(d->ticks());
    }
    std::vector<stats::TimeSeries> out;
    for (const std::string& name : names) {
      const Node d = open_dataset(group, link_name(name));
      stats::TimeSeries s;
      s.name = name;
      s.unit = attr_string(d, "unit");
      s.values = read_numbers<double>(Readable::dataset(d), 1);
      if (s.values.size() != ticks.size()) {
        throw Failure(fmt::format("{} has {} values for {} times", d.path, s.values.size(), ticks.size()));
      }
      s.time_ticks = ticks;
      out.push_back(std::move(s));
    }
    return out;
  }

  /// records/, in the order of its "names" attribute.
  static std::vector<stats::RecordTable> read_records(const Node& run) {
    const Node group = open_group(run, "records");
    std::vector<stats::RecordTable> out;
    for (const std::string& name : attr_strings(group, "names")) {
      const Node g = open_group(group, link_name(name));
      stats::RecordTable t;
      t.name = name;
      t.description = attr_string(g, "description");
      t.columns = attr_strings(g, "columns");
      t.units = attr_strings(g, "units");
      for (const std::string& column : t.columns)
        t.values.push_back(dataset_numbers<double>(g, link_name(column)));
      out.push_back(std::move(t));
    }
    return out;
  }

  /// grids/, in the order of its "names" attribute.
  static std::vector<stats::Grid> read_grids(const Node& run) {
    const Node group = open_group(run, "grids");
    std::vector<stats::Grid> out;
    for (const std::string& name : attr_strings(group, "names")) {
      const Node d = open_dataset(group, link_name(name));
      stats::Grid g;
      g.name = name;
      g.unit = attr_string(d, "unit");
      g.description = attr_string(d, "description");
      g.values = dataset_grid<double>(d, g.width, g.height);
      out.push_back(std::move(g));
    }
    return out;
  }

  /// floor/: the cells and the markers.
  static stats::FloorLayout read_floor(const Node& run) {
    const Node group = open_group(run, "floor");
    stats::FloorLayout layout;
    {
      const Node cells = open_dataset(group, "cells");
      layout.cells = dataset_grid<std::uint8_t>(cells, layout.width, layout.height);
      layout.cell_size_m = attr_number<double>(cells, "cell_size_m");
    }
    const Node d = open_dataset(group, "markers");
    const Readable r = Readable::dataset(d);
    const std::size_t n = compound_rows(r, "floor markers");
    const std::vector<std::string> kinds = member_strings(r, "kind", n);
    const std::vector<std::string> labels = member_strings(r, "label", n);
    const std::vector<std::int32_t> xs = member_numbers<std::int32_t>(r, "x", n);
    const std::vector<std::int32_t> ys = member_numbers<std::int32_t>(r, "y", n);
    for (std::size_t i = 0; i < n; ++i) layout.markers.push_back({kinds[i], labels[i], xs[i], ys[i]});
    return layout;
  }

  /// trace, trace_components and trace_kinds.
  static stats::Trace read_trace(const Node& run) {
    stats::Trace trace;
    const Node d = open_dataset(run, "trace");
    const Readable r = Readable::dataset(d);
    const std::size_t n = compound_rows(r, "trace records");
    // HDF5 leaves members the file lacks untouched: check that each is there.
    for (const char* member : {"time_ticks", "component", "kind", "entity", "payload"}) {
      static_cast<void>(member_type(r, member));
    }
    trace.records.resize(n);
    if (!trace.records.empty()) {
      const Compound type = trace_type();
      r.read(type.memory.get(), trace.records.data());
    }
    trace.filter = attr_string(d, "filter");
    trace.components = dataset_strings(run, "trace_components");
    trace.kinds = dataset_strings(run, "trace_kinds");
    return trace;
  }
};

}  // namespace

namespace {

/// One HDF5 call sequence at a time in this process. The experiment runners write run files
/// from several threads; HDF5's thread-safe builds lock internally, but other builds (its own
/// default, Spack's) do not, and the error-printing switch (QuietErrors) is library-wide.
std::mutex& hdf5_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

void write_result_h5(const std::filesystem::path& file, const ResultData& data) {
  const std::lock_guard<std::mutex> lock(hdf5_mutex());
  const QuietErrors quiet;
  const std::filesystem::path tmp = temporary_name(file);
  try {
    write_file(tmp, data);
  } catch (const CreateFailure& e) {
    remove_temporary(tmp);
    throw OutputError(OutputError::Kind::kCreate, e.what());
  } catch (const Failure& e) {
    remove_temporary(tmp);
    throw OutputError(OutputError::Kind::kWrite, fmt::format("cannot write {}: {}", file.string(), e.what()));
  } catch (...) {
    remove_temporary(tmp);
    throw;
  }
  if (std::rename(tmp.c_str(), file.c_str()) != 0) {
    const int err = errno;
    remove_temporary(tmp);
    throw OutputError(OutputError::Kind::kWrite, fmt::format("cannot rename {} to {}: {}", tmp.string(),
                                                             file.string(), std::strerror(err)));
  }
}

ResultData read_result_h5(const std::filesystem::path& file) {
  const std::lock_guard<std::mutex> lock(hdf5_mutex());
  const QuietErrors quiet;
  const auto fail = [&file](std::string_view what) {
    return OutputError(OutputError::Kind::kRead, fmt::format("{}: {}", file.string(), what));
  };
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(file, ec);
  if (!std::filesystem::exists(status)) throw fail("cannot read the file: it does not exist");
  if (!std::filesystem::is_regular_file(status)) throw fail("cannot read the file: it is not a regular file");
  if (std::FILE* f = std::fopen(file.c_str(), "rb"); f != nullptr) {
    std::fclose(f);
  } else {
    throw fail(fmt::format("cannot read the file: {}", std::strerror(errno)));
  }
  const htri_t is_hdf5 = H5Fis_hdf5(file.c_str());
  if (is_hdf5 <= 0) {
    H5Eclear2(H5E_DEFAULT);
    throw fail("not an HDF5 file (not a result.h5 written by whsim)");
  }
  try {
    const Reader reader;
    const Handle fapl = checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "cannot make a property list");
    check(H5Pset_metadata_read_attempts(fapl.get(), 1), "cannot set file access properties");
    const Handle h5 =
        checked(H5Fopen(file.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose, "cannot open the file");
    return reader.read(h5.get());
  } catch (const Failure& e) {
    throw fail(e.what());
  } catch (const std::bad_alloc&) {
    throw fail("not enough memory to read the file (is it damaged?)");
  } catch (const std::length_error&) {
    throw fail("a data set is too large (is the file damaged?)");
  }
}

}  // namespace whsim::output
