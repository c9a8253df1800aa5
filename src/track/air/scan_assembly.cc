// Released plots -> association batches -> joint GNN per batch.
//
// A batch is one stretch of a sensor's scan: the plots of one sensor,
// released in time order, until another sensor's plot comes between (time
// order across sensors wins), half a scan has gone by (ScanPeriod; until the
// period is known, plots sharing a time stamp within `scan_window`), or the
// frontier passes the batch. Within a batch every plot is gated against each
// track predicted to that plot's own time, the pairs are assigned jointly
// (GNN by clusters, gnn_association.h), and the updates are applied in time
// order. Hits and misses are not counted here but per look (track_life.cc).
#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "track/air/tracker_impl.h"

namespace lookout::air {

namespace {

double seconds(Timestamp::duration d) { return std::chrono::duration<double>(d).count(); }

// Squared Mahalanobis distance of `m` from the prediction `g` moved `d`
// seconds along its velocity (F = [I dI; 0 I] on position and velocity):
// the track at the plot's own time, to first order, without a full IMM
// prediction per plot. d is at most half a batch (a quarter of a scan).
double gate_d2(const Gaussian& g, double d, const Measurement& m) {
  StateVector x = g.x;
  StateMatrix P = g.P;
  if (d != 0) {
    x.head<3>() += d * g.x.segment<3>(3);
    P.topRows<3>() += d * P.middleRows<3>(3);
    P.leftCols<3>() += d * P.middleCols<3>(3);
  }
  MeasJacobian H;
  MeasVector h = predict_measurement(m, x, &H);
  MeasVector nu = residual(m, h);
  MeasMatrix S = H * P * H.transpose() + m.R;
  Eigen::LLT<MeasMatrix> llt(S);
  if (llt.info() != Eigen::Success) return 1e30;
  return nu.dot(llt.solve(nu));
}

}  // namespace

void AirTracker::Impl::add_to_batch(const SensorDetection& d, std::size_t sensor) {
  if (!frame_ && d.position) frame_.emplace(*d.position);
  if (!batch_.empty()) {
    double since = seconds(d.time - batch_start_);
    double window = batch_window_s(batch_sensor_);
    if (sensor != batch_sensor_ || since > window || (window > 0 && since >= window)) close_batch();
  }
  std::optional<Measurement> m = frame_ ? to_measurement(d, sensor) : std::nullopt;
  if (!m) {
    ++stats_.invalid;
    return;
  }
  if (batch_.empty()) {
    batch_sensor_ = sensor;
    batch_start_ = d.time;
  }
  if (batch_.size() >= params_.max_scan_detections) {
    ++stats_.overflow;
    return;
  }
  batch_.push_back({d, *m});
}

void AirTracker::Impl::close_batch() {
  if (batch_.empty()) return;
  ++stats_.scans;
  const std::size_t sensor = batch_sensor_;
  gate_batch(sensor);
  gnn_.associate(pairs_, tracks_.size(), batch_.size(), gate_d2_3_);
  d2_of_meas_.assign(batch_.size(), 0.0);
  for (const GatedPair& p : pairs_) {
    if (gnn_.track_of_meas()[p.meas] == static_cast<int>(p.track)) d2_of_meas_[p.meas] = p.d2;
  }
  track_of_meas_ = gnn_.track_of_meas();  // start_track below may grow tracks_, not this
  // Updates in time order (the batch is): a track is never predicted backwards.
  for (std::size_t m = 0; m < batch_.size(); ++m) {
    const BatchPlot& p = batch_[m];
    int ti = track_of_meas_[m];
    if (ti >= 0) {
      Track& tr = tracks_[static_cast<std::size_t>(ti)];
      double dt = seconds(p.det.time - tr.time);
      if (dt > 0) tr.imm.predict(dt, params_.imm);
      if (p.det.time > tr.time) tr.time = p.det.time;
      hit(tr, p.meas, p.det, sensor, p.det.time, d2_of_meas_[m]);
    } else if (!gated_by_confirmed_[m]) {
      start_track(p.meas, p.det, sensor, p.det.time);
    }
  }
  batch_.clear();
  dirty_ = true;
}

void AirTracker::Impl::gate_batch(std::size_t sensor) {
  (void)sensor;
  const std::size_t n = batch_.size();
  pairs_.clear();
  gated_by_confirmed_.assign(n, 0);
  by_east_.resize(n);
  double max_var_h = 0;
  for (std::size_t i = 0; i < n; ++i) {
    by_east_[i] = static_cast<uint32_t>(i);
    max_var_h = std::max(max_var_h, batch_[i].meas.approx_var_h);
  }
  std::sort(by_east_.begin(), by_east_.end(), [&](uint32_t a, uint32_t b) {
    return batch_[a].meas.approx_e < batch_[b].meas.approx_e;
  });
  const Timestamp first = batch_.front().det.time;
  const Timestamp last = batch_.back().det.time;
  const Timestamp mid = first + (last - first) / 2;
  const double half_span = 0.5 * seconds(last - first);
  const double exclusion = gate_d2_3_ * std::max(1.0, params_.spawn_exclusion);
  ImmFilter predicted;
  for (std::size_t ti = 0; ti < tracks_.size(); ++ti) {
    const Track& tr = tracks_[ti];
    const Gaussian& g = tr.imm.combined();
    // Coarse box around the track at the batch's middle time, wide enough for
    // the batch's span and the growth of the prediction's uncertainty.
    const double dt_mid = std::max(0.0, seconds(mid - tr.time));
    const double dt_end = dt_mid + half_span;
    const double var = larger_eigenvalue(g.P(kE, kE), g.P(kE, kN), g.P(kN, kN)) +
                       larger_eigenvalue(g.P(kVe, kVe), g.P(kVe, kVn), g.P(kVn, kVn)) * dt_end * dt_end +
                       std::pow(5.0 * dt_end * dt_end, 2) + max_var_h;
    const double speed = std::hypot(g.x(kVe), g.x(kVn));
    const double r = std::sqrt(exclusion * var) + speed * half_span + 1.0;
    const double e = g.x(kE) + g.x(kVe) * dt_mid;
    const double nn = g.x(kN) + g.x(kVn) * dt_mid;
    auto it = std::lower_bound(by_east_.begin(), by_east_.end(), e - r, [&](uint32_t i, double v) {
      return batch_[i].meas.approx_e < v;
    });
    bool have_prediction = false;
    Gaussian at_mid;
    Timestamp mid_time{};
    for (; it != by_east_.end() && batch_[*it].meas.approx_e <= e + r; ++it) {
      const BatchPlot& p = batch_[*it];
      if (std::abs(p.meas.approx_n - nn) > r) continue;
      // The track predicted (IMM, once a batch) to the batch's middle time,
      // then moved to this plot's own time.
      if (!have_prediction) {
        predicted = tr.imm;
        if (mid > tr.time) predicted.predict(seconds(mid - tr.time), params_.imm);
        at_mid = predicted.combined();
        mid_time = std::max(mid, tr.time);
        have_prediction = true;
      }
      Innovation inn;
      inn.d2 = gate_d2(at_mid, seconds(p.det.time - mid_time), p.meas);
      double limit = p.meas.dim == 3 ? gate_d2_3_ : gate_d2_2_;
      // Near a confirmed track a detection is its echo, or clutter, not a
      // new target: a target emerging that close would be in the gate soon.
      if (tr.status != TrackStatus::kTentative && inn.d2 <= limit * params_.spawn_exclusion) {
        gated_by_confirmed_[*it] = 1;
      }
      if (inn.d2 > limit) continue;
      if (tr.status != TrackStatus::kTentative) gated_by_confirmed_[*it] = 2;
      pairs_.push_back({static_cast<uint32_t>(ti), *it, inn.d2});
    }
  }
  // A plot inside a confirmed track's gate is not offered to tentative
  // tracks: their wide gates make any plot look close (a small d2), and an
  // RF fix taken by a clutter track confirms it at once.
  std::erase_if(pairs_, [&](const GatedPair& p) {
    return gated_by_confirmed_[p.meas] == 2 && tracks_[p.track].status == TrackStatus::kTentative;
  });
}

}  // namespace lookout::air
