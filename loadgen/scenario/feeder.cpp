// Feeders: the run-time cursor over rows, and the CSV / JSON-lines readers that produce the rows.
#include "loadgen/scenario/feeder.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "loadgen/scenario/scenario_error.hpp"

namespace ragbench::loadgen {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw scenario_error(path + ":0: cannot open data file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string at(const std::string& path, int line, const std::string& what) {
  return path + ":" + std::to_string(line) + ": " + what;
}

}  // namespace

feeder::feeder(std::string name, std::vector<std::string> columns, std::vector<feeder_row> rows, pick_mode pick)
    : name_(std::move(name)), columns_(std::move(columns)), rows_(std::move(rows)), pick_(pick),
      unique_{0, rows_.size()} {}

void feeder::assign_segment(const execution_segment& seg) {
  first_ = first_row(rows_.size(), seg);
  unique_ = rows_of(rows_.size(), seg);
}

const feeder_row* feeder::next(std::mt19937_64& rng) {
  if (rows_.empty()) return nullptr;
  switch (pick_) {
    case pick_mode::random: return &rows_[rng() % rows_.size()];
    case pick_mode::sequential:
      return &rows_[(first_ + cursor_.fetch_add(1, std::memory_order_relaxed) % rows_.size()) % rows_.size()];
    case pick_mode::unique: {
      auto i = cursor_.fetch_add(1, std::memory_order_relaxed);
      return i < unique_.size() ? &rows_[unique_.begin + i] : nullptr;
    }
  }
  return nullptr;
}

int feeder::column_index(std::string_view column) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] == column) return static_cast<int>(i);
  return -1;
}

// RFC 4180: fields separated by ',', records by CRLF or LF, '"' quotes a field, '""' inside quotes
// is one quote, quoted fields may span lines.
feeder_table parse_csv(std::string_view text, const std::string& path) {
  std::vector<std::string> errors;
  std::vector<std::pair<int, feeder_row>> records;
  feeder_row row;
  std::string field;
  int line = 1, record_line = 1;
  bool in_quotes = false, was_quoted = false, any = false;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    if (!(row.size() == 1 && row[0].empty() && !any)) records.emplace_back(record_line, std::move(row));
    row.clear();
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted) {
        errors.push_back(at(path, line, "stray '\"' inside an unquoted field (quote the whole field)"));
        break;
      }
      in_quotes = was_quoted = any = true;
    } else if (c == ',') {
      any = true;
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      record_line = ++line;
    } else {
      if (was_quoted) {
        errors.push_back(at(path, line, "text after a closing quote"));
        break;
      }
      any = true;
      field += c;
    }
  }
  if (in_quotes) errors.push_back(at(path, record_line, "unterminated quoted field"));
  else if (any || !field.empty()) end_record();

  feeder_table table;
  if (errors.empty()) {
    if (records.empty()) {
      errors.push_back(at(path, 1, "empty CSV file (a header row is required)"));
    } else {
      table.columns = std::move(records.front().second);
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].empty()) errors.push_back(at(path, 1, "empty column name in header (column " + std::to_string(c + 1) + ")"));
        for (std::size_t d = 0; d < c; ++d)
          if (!table.columns[c].empty() && table.columns[c] == table.columns[d])
            errors.push_back(at(path, 1, "duplicate column name '" + table.columns[c] + "'"));
      }
      for (std::size_t r = 1; r < records.size(); ++r) {
        if (records[r].second.size() != table.columns.size()) {
          errors.push_back(at(path, records[r].first, "expected " + std::to_string(table.columns.size()) +
                                                          " fields, found " + std::to_string(records[r].second.size())));
          if (errors.size() >= 20) break;
          continue;
        }
        table.rows.push_back(std::move(records[r].second));
      }
      if (errors.empty() && table.rows.empty()) errors.push_back(at(path, 1, "no data rows after the header"));
    }
  }
  if (!errors.empty()) throw scenario_error(std::move(errors));
  return table;
}

feeder_table read_csv(const std::string& path) { return parse_csv(read_file(path), path); }

feeder_table parse_jsonl(std::string_view text, const std::string& path) {
  std::vector<std::string> errors;
  feeder_table table;
  std::vector<nlohmann::ordered_json> objects;
  int line = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    auto piece = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line;
    if (piece.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto j = nlohmann::ordered_json::parse(piece, nullptr, false);
    if (j.is_discarded()) {
      errors.push_back(at(path, line, "not valid JSON"));
    } else if (!j.is_object()) {
      errors.push_back(at(path, line, "expected a JSON object per line"));
    } else {
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.value().is_object() || it.value().is_array()) {
          errors.push_back(at(path, line, "field '" + it.key() + "' must be a string, number, bool or null"));
        } else {
          bool known = false;
          for (const auto& c : table.columns) known = known || c == it.key();
          if (!known) table.columns.push_back(it.key());
        }
      }
      objects.push_back(std::move(j));
    }
    if (errors.size() >= 20) break;
  }
  if (errors.empty() && objects.empty()) errors.push_back(at(path, 1, "no rows (empty JSON-lines file)"));
  if (!errors.empty()) throw scenario_error(std::move(errors));
  for (const auto& obj : objects) {
    feeder_row row;
    for (const auto& c : table.columns) {
      auto it = obj.find(c);
      if (it == obj.end() || it->is_null()) row.emplace_back();
      else if (it->is_string()) row.push_back(it->get<std::string>());
      else row.push_back(it->dump());
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

feeder_table read_jsonl(const std::string& path) { return parse_jsonl(read_file(path), path); }

}  // namespace ragbench::loadgen
