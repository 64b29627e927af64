// The feed is checked with a real XML parser (Debian's Python), not by string matching: a
// feed reader refuses a feed that does not parse.
#include "news/atom.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "support/temp_dir.h"

namespace anninh::news {
namespace {

Article Published(std::int64_t id, std::string title, std::string body) {
  Article a;
  a.id = id;
  a.fields.title = std::move(title);
  a.fields.body = std::move(body);
  a.fields.summary = "Tóm tắt & <chú thích>";
  a.fields.category = "Hoạt động";
  a.state = State::kPublished;
  a.published_at = 1'790'000'000'000'000'000 + id;
  a.updated_at = a.published_at;
  return a;
}

TEST(AtomTest, FeedParsesAsAtomWithEveryEntry) {
  const std::string feed = AtomFeed({"Tin tức - Sự kiện", "https://xa.example.vn", "urn:anninh:test"},
                                    {Published(2, "Ngày hội <2026> & \"lễ\"", "**Đậm** <script>x</script>"),
                                     Published(1, "Bài \x01 cũ", "[x](javascript:alert(1))")});
  testing::TempDir dir;
  const auto path = dir / "feed.atom";
  std::ofstream(path) << feed;
  const std::string script =
      "import sys, xml.etree.ElementTree as ET\n"
      "ns = {'a': 'http://www.w3.org/2005/Atom'}\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "assert root.tag == '{http://www.w3.org/2005/Atom}feed', root.tag\n"
      "for req in ('a:title', 'a:id', 'a:updated'): assert root.find(req, ns) is not None, req\n"
      "entries = root.findall('a:entry', ns)\n"
      "assert len(entries) == 2, len(entries)\n"
      "for e in entries:\n"
      "    for req in ('a:title', 'a:id', 'a:updated', 'a:author/a:name', 'a:link'):\n"
      "        assert e.find(req, ns) is not None, req\n"
      "assert entries[0].find('a:title', ns).text == 'Ngày hội <2026> & \"lễ\"'\n"
      "content = entries[0].find('a:content', ns).text\n"
      "assert '<strong>Đậm</strong>' in content and '<script' not in content, content\n"
      "assert 'javascript' not in entries[1].find('a:content', ns).text\n"
      "print('ok')\n";
  std::ofstream(dir / "check.py") << script;
  const std::string cmd = "/usr/bin/python3 " + (dir / "check.py").string() + " " + path.string() + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  EXPECT_EQ(pclose(p), 0) << out << "\n" << feed;
  EXPECT_EQ(out, "ok\n") << feed;
}

}  // namespace
}  // namespace anninh::news
