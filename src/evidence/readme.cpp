#include "evidence/readme.h"

#include <fmt/format.h>

namespace anninh::evidence {

std::string MakeReadme(const Manifest& m, const std::string& fingerprint) {
  const std::string case_ref = m.case_ref ? *m.case_ref : "-";
  const std::string from = FormatIso8601Offset(m.requested_from);
  const std::string to = FormatIso8601Offset(m.requested_to);
  const std::string created = FormatIso8601Offset(m.created_at);
  return fmt::format(
      R"(GÓI CHỨNG CỨ VIDEO / VIDEO EVIDENCE PACKAGE — {software}
================================================================

Gói / Package:        {name}
Trạm / Site:          {site}
Camera:               {camera_name} ({camera_id}), luồng / stream "{stream}"
Khoảng thời gian:     {from} → {to}
Người xuất / By:      {by}
Lý do / Reason:       {reason}
Hồ sơ vụ việc / Case: {case_ref}
Thời điểm xuất:       {created}
Khoá công khai / Public key (Ed25519):
  {public_key}
Dấu vân tay / Fingerprint: {fingerprint}

--- Tiếng Việt ---

Nội dung
  video/*.mp4    Đoạn video cắt từ bản ghi gốc của camera, không mã hoá lại (giữ nguyên hình ảnh).
  manifest.json  Danh sách các tệp với kích thước và mã SHA-256; các đoạn ghi gốc đã dùng cùng
                 mã SHA-256 được lưu ngay lúc ghi hình; người xuất, lý do, thời điểm.
  manifest.sig   Chữ ký số Ed25519 của trạm trên manifest.json.
  README.txt     Tệp này.

Cách kiểm tra
  anninh verify {name}.zip
  anninh verify {name}.zip --key {public_key}
  (hoặc thư mục {name} thay cho tệp .zip)

"OK" nghĩa là gói không bị thay đổi dù một byte kể từ khi trạm ký bằng khoá có dấu vân tay
ở trên. Nếu có tệp bị sửa, bị thiếu hay bị thêm vào, lệnh nêu đúng tên tệp đó.
Hãy đối chiếu dấu vân tay với dấu vân tay do trạm cung cấp qua một kênh khác (văn bản,
điện thoại): chữ ký chỉ chứng minh gói do người giữ khoá đó tạo ra.
Không có anninh: chạy "sha256sum video/*.mp4 README.txt" và so với mục "files" trong
manifest.json (cách này kiểm tra các tệp, không kiểm tra chữ ký).

--- English ---

Contents
  video/*.mp4    The range cut from the camera's original recording, not re-encoded.
  manifest.json  The files with their sizes and SHA-256; the recorded segments used, with the
                 SHA-256 stored when they were recorded; who exported it, why and when.
  manifest.sig   The site's Ed25519 signature of manifest.json.
  README.txt     This file.

How to check
  anninh verify {name}.zip
  anninh verify {name}.zip --key {public_key}
  (or the folder {name} instead of the .zip)

"OK" means the package has not changed by a single byte since the site signed it with the
key whose fingerprint is above. If a file was altered, removed or added, the command names
it. Compare the fingerprint with the one the site gives you by another channel (a letter,
a phone call): the signature proves only that the holder of that key made the package.
Without anninh: run "sha256sum video/*.mp4 README.txt" and compare with "files" in
manifest.json (this checks the files, not the signature).
)",
      fmt::arg("software", m.software), fmt::arg("name", m.package_name),
      fmt::arg("site", m.site_name), fmt::arg("camera_name", m.camera_name),
      fmt::arg("camera_id", m.camera_id), fmt::arg("stream", m.stream), fmt::arg("from", from),
      fmt::arg("to", to), fmt::arg("by", m.exported_by), fmt::arg("reason", m.reason),
      fmt::arg("case_ref", case_ref), fmt::arg("created", created),
      fmt::arg("public_key", m.site_public_key), fmt::arg("fingerprint", fingerprint));
}

}  // namespace anninh::evidence
