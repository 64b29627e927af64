# Every third-party dependency comes from Debian's packages (scripts/install-deps).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(tl-expected REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(SQLite3 REQUIRED)
# Asio and Beast (header-only): HTTP, WebSocket; the tests' WebSocket client too.
find_package(Boost 1.74 REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto SSL)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libavutil libswscale)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
# argon2id password hashes, random tokens, Ed25519 signatures.
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# Evidence packages as ZIP files (store-only).
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
# Video analytics (src/analytics): background model, HOG people detector, DNN (ONNX), tracking.
pkg_check_modules(OPENCV REQUIRED IMPORTED_TARGET opencv4)
# Alerts: MQTT (libmosquitto) and webhooks (libcurl).
pkg_check_modules(MOSQUITTO REQUIRED IMPORTED_TARGET libmosquitto)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
# Movement reports as spreadsheets (src/reports).
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
