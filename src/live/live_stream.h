// Live view for one camera stream: a packet sink beside the recorder that turns what the
// camera sends into fragmented-MP4 chunks for any number of viewers (browsers play them
// with Media Source Extensions), without transcoding and without a second connection to
// the camera.
//
// It always keeps the packets since the last keyframe (references, not copies), so a new
// viewer gets the init segment and a fragment starting at that keyframe at once: a picture
// within a frame time instead of waiting up to a GOP. The muxer runs only while someone
// watches.
//
// Thread contract: the PacketSink calls come from the stream's ingest thread; Subscribe,
// Describe and LastKeyframe from any thread. One mutex guards the shared state; it is held
// for a packet's bookkeeping and muxing, never while a viewer does I/O (viewers must return
// from OnChunk at once: they queue and write elsewhere).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "media/fmp4_muxer.h"
#include "media/packet.h"

namespace anninh::live {

struct LiveChunk {
  enum class Kind { kInit, kMedia };
  Kind kind = Kind::kMedia;
  std::shared_ptr<const std::string> bytes;  // shared by every viewer: no copy per viewer
  // A media chunk that starts with a video keyframe: where a viewer can (re)start.
  bool keyframe = false;
  std::string mime;  // kInit: 'video/mp4; codecs="avc1.640028,mp4a.40.2"'
};

// Receives one stream's chunks. Called with the stream's lock held, on the ingest thread
// (or the subscriber's, for the first chunks): must not block or call back into the stream.
class LiveViewer {
 public:
  virtual ~LiveViewer() = default;
  virtual void OnChunk(const LiveChunk& chunk) = 0;
  // The camera connection ended (a new init follows when it is back).
  virtual void OnInterrupted(std::string_view reason) = 0;
};

// Receives the stream's compressed packets themselves, for a consumer that decodes (the
// MJPEG feed). Called like LiveViewer: under the stream's lock, on the ingest thread (or
// the tapper's, for the current GOP replayed at once): must return at once.
class PacketTap {
 public:
  virtual ~PacketTap() = default;
  // A connection's tracks: when it starts, or at once when the tap is added to a running
  // stream (then the packets since the last keyframe follow immediately).
  virtual void OnTapStart(const std::shared_ptr<const media::StreamInfo>& info) = 0;
  // Borrowed for the call; av_packet_ref to keep it.
  virtual void OnTapPacket(const media::Packet& packet) = 0;
  virtual void OnTapStop(std::string_view reason) = 0;
};

class JpegFeed;
class H264Transcoder;

// What Subscribe returns, for every kind of live source: destroying it ends the
// subscription, and once the destructor returns the source calls the viewer no more.
class Subscription {
 public:
  explicit Subscription(std::function<void()> end) : end_(std::move(end)) {}
  ~Subscription() {
    if (end_) end_();
  }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

 private:
  std::function<void()> end_;
};

// What a client needs to know before it subscribes (and the API shows).
struct LiveInfo {
  bool live = false;     // a connection is up
  std::string codec;     // "h264", "hevc"
  std::string mime;      // for MediaSource.isTypeSupported
  int width = 0;
  int height = 0;
  std::size_t viewers = 0;
  std::size_t jpeg_viewers = 0;  // MJPEG viewers (they share one decoder)
  std::string reason;    // why not live
};

// The newest keyframe, for snapshots: a packet reference and its codec parameters.
struct Keyframe {
  std::shared_ptr<const media::StreamInfo> info;
  std::shared_ptr<AVPacket> packet;  // freed with av_packet_free
  WallNs wall = 0;
};

struct LiveOptions {
  // A fragment is cut at every keyframe and at least this often, so a viewer is at most
  // about this far behind the camera.
  std::int64_t fragment_ns = 200'000'000;
  // Packets kept for the pre-buffer are capped; a camera whose GOP is longer than this
  // starts new viewers at its next keyframe instead.
  std::size_t max_gop_packets = 600;
};

class LiveStream final : public media::PacketSink {
 public:
  LiveStream(std::string camera_id, std::string stream, LiveOptions options = {});
  ~LiveStream() override;

  using Subscription = live::Subscription;
  // Starts sending to `viewer` (init segment and the current GOP at once, from this call)
  // until the returned handle is destroyed. Viewers are held weakly by the handle's owner.
  std::unique_ptr<Subscription> Subscribe(LiveViewer& viewer);
  // Starts sending packets to `tap` (the current connection's tracks and GOP at once).
  std::unique_ptr<Subscription> Tap(PacketTap& tap);

  // The JPEG pictures of this stream for MJPEG viewers: one decoder shared by all of them,
  // running only while someone watches. Made on first use; lives as long as the stream.
  JpegFeed& Jpegs();
  // The on-demand H.264 view of this (H.265) stream: one transcoder shared by its viewers,
  // running only while someone watches. Made on first use; lives as long as the stream.
  H264Transcoder& Transcoded();

  LiveInfo Describe() const;
  std::optional<Keyframe> LastKeyframe() const;
  const std::string& camera_id() const { return camera_id_; }
  const std::string& stream() const { return stream_; }

  // media::PacketSink
  void OnStart(const media::StreamInfo& info, WallNs wall) override;
  void OnPacket(const media::Packet& packet) override;
  void OnStop(WallNs wall, std::string_view reason) override;

 private:
  struct Buffered;  // one kept packet
  void Unsubscribe(LiveViewer* viewer, PacketTap* tap);
  // Muxing (mu_ held).
  bool StartMuxer();
  void StopMuxer();
  void MuxOne(const media::Packet& packet);
  void CutFragment(bool keyframe_next);
  void Publish(const LiveChunk& chunk);
  void ClearGop();

  const std::string camera_id_;
  const std::string stream_;
  const LiveOptions options_;

  mutable std::mutex mu_;
  std::shared_ptr<const media::StreamInfo> info_;  // null between connections
  std::string codec_;
  std::string mime_;
  int width_ = 0;
  int height_ = 0;
  std::string reason_ = "not connected yet";
  std::vector<LiveViewer*> viewers_;
  std::vector<PacketTap*> taps_;
  // The GOP pre-buffer: packets since the last video keyframe, in order. Entries beyond
  // gop_size_ are kept allocated for reuse (no allocation per packet in steady state).
  std::vector<std::unique_ptr<Buffered>> gop_;
  std::size_t gop_size_ = 0;
  bool gop_valid_ = false;  // starts at a keyframe and was not truncated
  Keyframe last_key_;
  // While someone watches: the muxer, its init segment, and the chunks since the last
  // keyframe (what a viewer joining now needs).
  std::unique_ptr<media::Fmp4Muxer> muxer_;
  std::string out_;  // the muxer's output since the last cut
  std::shared_ptr<const std::string> init_;
  std::vector<LiveChunk> gop_chunks_;
  std::int64_t fragment_start_dts_ = 0;
  bool fragment_keyframe_ = false;

  mutable std::mutex feed_mu_;
  // Last: destroyed first, while the stream it taps is still whole.
  std::unique_ptr<JpegFeed> jpegs_;  // guarded by feed_mu_ until made
  std::unique_ptr<H264Transcoder> transcoder_;  // likewise
};

}  // namespace anninh::live
