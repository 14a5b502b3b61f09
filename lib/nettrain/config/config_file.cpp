#include "nettrain/config/config_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "nettrain/util/files.hpp"

namespace nettrain {
namespace {

std::vector<std::string> split_path(const std::string& key) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(key);
  while (std::getline(in, part, '.')) parts.push_back(part);
  return parts;
}

bool parse_index(const std::string& s, std::size_t& index) {
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  index = std::stoul(s);
  return true;
}

// YAML tools disagree on a key given twice in one mapping (yaml-cpp keeps the first, PyYAML
// the last), so a config that has one means two things: it is refused at the second key.
void reject_duplicate_keys(const YAML::Node& node, const std::string& source) {
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) reject_duplicate_keys(item, source);
    return;
  }
  if (!node.IsMap()) return;
  std::map<std::string, int> first_lines;
  for (const auto& entry : node) {
    if (entry.first.IsScalar()) {
      const YAML::Mark mark = entry.first.Mark();
      const auto [it, inserted] = first_lines.emplace(entry.first.Scalar(), mark.line + 1);
      if (!inserted) {
        throw ConfigError(Location{source, mark.line + 1, mark.column + 1},
                          fmt::format("key '{}' is given twice in one mapping (first on line {}); keep one",
                                      entry.first.Scalar(), it->second));
      }
    }
    reject_duplicate_keys(entry.second, source);
  }
}

// yaml-cpp's Load reads the first of several documents and drops the rest without a word, so a
// config pasted twice, or two configs in one file, would train on whichever came first. Its
// LoadAll cannot tell: on some malformed text ("\n , x") it finds empty documents forever,
// allocating without bound. So documents are read one by one only while each starts further
// into the text than the last (empty ones, as in "---\n---\n", are skipped), up to the first
// with content after the first document, and only where that content starts is recorded.
class SecondDocumentFinder : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> content;  // where the second document's content starts, if it has any
  int start = -1;                     // where the last document read starts

  void OnDocumentStart(const YAML::Mark& mark) override {
    ++documents_;
    start = mark.pos;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}  // a trailing '---' with nothing after it
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { found(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    found(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    found(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    found(mark);
  }
  void OnMapEnd() override {}

 private:
  void found(const YAML::Mark& mark) {
    if (documents_ >= 2 && !content) content = mark;
  }
  int documents_ = 0;
};

void reject_further_documents(const std::string& text, const std::string& source) {
  std::istringstream input(text);
  YAML::Parser parser(input);
  SecondDocumentFinder finder;
  int before = -1;
  while (!finder.content && parser.HandleNextDocument(finder)) {
    if (finder.start <= before) break;  // no progress: yaml-cpp's endless empty documents
    before = finder.start;
  }
  if (finder.content) {
    throw ConfigError(Location{source, finder.content->line + 1, finder.content->column + 1},
                      "a second YAML document starts here (after '---'); a config is one document");
  }
}

}  // namespace

YAML::Node parse_yaml(const std::string& text, const std::string& source) {
  try {
    YAML::Node root = YAML::Load(text);
    reject_further_documents(text, source);
    reject_duplicate_keys(root, source);
    return root;
  } catch (const YAML::Exception& e) {
    const bool located = !e.mark.is_null();
    throw ConfigError(Location{source, located ? e.mark.line + 1 : 0, located ? e.mark.column + 1 : 0},
                      "invalid YAML: " + e.msg);
  }
}

ConfigDocument::ConfigDocument(YAML::Node root, std::shared_ptr<ConfigOrigin> origin)
    : root_(std::move(root)), origin_(std::move(origin)) {}

std::string emit_yaml(const YAML::Node& tree) {
  YAML::Emitter out;
  out << tree;
  return std::string(out.c_str()) + "\n";
}

YAML::Node yaml_number(double value) {
  std::string text = fmt::format("{}", value);
  // YAML 1.1 readers take 1e-07 for a string; 1.0e-07 is a float to all of them.
  if (const auto e = text.find('e'); e != std::string::npos && text.find('.') == std::string::npos) {
    text.insert(e, ".0");
  }
  return YAML::Node(text);
}

void ConfigDocument::apply_override(const std::string& assignment) {
  const Location where{"--set " + assignment};
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) throw ConfigError(where, "expected KEY=VALUE, e.g. optimizer.lr=0.01");
  const std::string key = assignment.substr(0, eq);
  const std::vector<std::string> parts = split_path(key);
  for (const auto& p : parts) {
    if (p.empty()) throw ConfigError(where, fmt::format("'{}' is not a dotted key path", key));
  }
  // An error inside VALUE is reported at the whole --set, not at a line and column of its text.
  YAML::Node value;
  try {
    value = parse_yaml(assignment.substr(eq + 1), where.file);
  } catch (const ConfigError& e) {
    throw ConfigError(where, "in VALUE: " + e.detail());
  }

  // Walk with node handles; yaml-cpp nodes share their storage, so assigning through the
  // last handle changes the document.
  YAML::Node node = root_;
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    std::string part_as_read = part;
    std::size_t index = 0;
    if (node.IsSequence()) {
      if (!parse_index(part, index) || index >= node.size()) {
        throw ConfigError(where, fmt::format("{} is a list of {} items; '{}' is not an index into it",
                                             walked.empty() ? "config" : walked, node.size(), part));
      }
      if (last) {
        node[index] = value;
      } else {
        node.reset(node[index]);
      }
      part_as_read = std::to_string(index);  // layers.01 is layers.1, as readers name it
    } else if (node.IsMap() || node.IsNull()) {
      if (last) {
        node[part] = value;
      } else {
        if (!node[part].IsDefined() || node[part].IsNull()) node[part] = YAML::Node(YAML::NodeType::Map);
        node.reset(node[part]);
      }
    } else {
      throw ConfigError(where, fmt::format("{} is a single value, it has no key '{}'", walked, part));
    }
    walked += (walked.empty() ? "" : ".") + part_as_read;
  }
  // Keyed by the path the readers walk, so their errors find the override that set the value.
  origin_->overrides[walked] = where.file;
}

ConfigDocument parse_config(const std::string& text, const std::string& source,
                            const std::vector<std::string>& overrides) {
  YAML::Node root = parse_yaml(text, source);
  if (!root.IsMap()) {
    throw ConfigError(Location{source},
                      fmt::format("{}a config must be a YAML mapping (key: value lines)", text.empty() ? "is empty; " : ""));
  }
  ConfigDocument doc(root, std::make_shared<ConfigOrigin>(ConfigOrigin{source, {}}));
  for (const auto& o : overrides) doc.apply_override(o);
  return doc;
}

ConfigDocument load_config_file(const std::string& path, const std::vector<std::string>& overrides) {
  return parse_config(read_text_file<ConfigError>(path), path, overrides);
}

}  // namespace nettrain
