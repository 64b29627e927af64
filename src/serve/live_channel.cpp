#include "serve/live_channel.h"

#include <nlohmann/json.hpp>

namespace anninh::serve {

LiveChannel::Source LiveChannel::SourceOf(live::LiveStream& stream) {
  return {[&stream](live::LiveViewer& v, std::string&) { return std::shared_ptr<void>(stream.Subscribe(v)); },
          [&stream] { return stream.Describe(); }};
}

LiveChannel::LiveChannel(Source source, Hooks hooks, const Clock& clock)
    : source_(std::move(source)), hooks_(std::move(hooks)), clock_(clock) {}

LiveChannel::~LiveChannel() { Stop(); }

void LiveChannel::Start(std::shared_ptr<ChannelOutput> out) {
  out_ = std::move(out);
  started_ = clock_.Now();
  if (hooks_.on_start) hooks_.on_start();
  const live::LiveInfo info = source_.describe();
  if (!info.live) {
    out_->SendText(nlohmann::json({{"type", "interrupted"}, {"reason", info.reason}}).dump());
  }
  // Subscribing sends the init segment and the current GOP at once, through OnChunk.
  std::string refused;
  subscription_ = source_.subscribe(*this, refused);
  if (!subscription_) {
    // Admitted a moment ago, but another viewer took the last transcode meanwhile.
    out_->SendText(nlohmann::json({{"type", "interrupted"}, {"reason", refused}}).dump());
    out_->Close(1013, "try again later");  // RFC 6455 7.4.1: 1013 Try Again Later (IANA registry)
  }
}

void LiveChannel::OnMessage(const std::string&) {
  // The live protocol has no client requests yet; messages are read (so pings and close
  // frames flow) and ignored. A future one must check rights like a request does.
}

bool LiveChannel::StillAllowed() { return hooks_.still_allowed ? hooks_.still_allowed() : true; }

void LiveChannel::Stop() {
  if (stopped_) return;
  stopped_ = true;
  subscription_.reset();  // after this returns, the stream calls us no more
  out_.reset();           // and the connection may go: it holds us, we held it
  if (hooks_.on_stop && started_ != 0) {
    hooks_.on_stop(static_cast<double>(clock_.Now() - started_) / kNsPerSecond);
  }
}

void LiveChannel::OnChunk(const live::LiveChunk& chunk) {
  if (chunk.kind == live::LiveChunk::Kind::kInit) {
    out_->SendText(nlohmann::json({{"type", "init"}, {"mime", chunk.mime}}).dump());
    out_->SendBinary(chunk.bytes, ChannelOutput::Priority::kControl);
    return;
  }
  out_->SendBinary(chunk.bytes,
                   chunk.keyframe ? ChannelOutput::Priority::kRestart : ChannelOutput::Priority::kMedia);
}

void LiveChannel::OnInterrupted(std::string_view reason) {
  out_->SendText(nlohmann::json({{"type", "interrupted"}, {"reason", std::string(reason)}}).dump());
}

}  // namespace anninh::serve
