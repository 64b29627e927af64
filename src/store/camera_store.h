// The cameras added and edited through the API (docs/design/0016-camera-admin.md). Each
// row is one camera's document: the JSON form of a [[cameras]] entry of the config file,
// credentials included. The store keeps documents; the app validates and runs them.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store {

struct CameraRow {
  std::string id;
  std::string document;  // JSON; holds the stream passwords: never answered as is
  WallNs created_at = 0;
  WallNs updated_at = 0;
};

class CameraStore {
 public:
  virtual ~CameraStore() = default;
  // Every stored camera, by id.
  virtual Result<std::vector<CameraRow>> List() const = 0;
  virtual Result<std::optional<CameraRow>> Get(const std::string& id) const = 0;
  // Inserts or replaces the camera's document; `created_at` of an existing row is kept.
  virtual Status Put(const std::string& id, const std::string& document, WallNs now) = 0;
  // kNotFound when there is no such camera.
  virtual Status Delete(const std::string& id) = 0;
};

}  // namespace anninh::store
