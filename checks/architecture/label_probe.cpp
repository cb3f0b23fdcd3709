// Compiled (never linked) by the ctest entries architecture.label_rename.*: a reader of a claim id and
// an evidence name through their constants (runs/claim_labels.hpp, theory/evidence_labels.hpp). With
// SCAE_PROBE_RENAMED it spells the evidence constant under a name the header does not define, as a
// reader left behind by a rename would, and must not compile; without it, it must.
#include "runs/claim_labels.hpp"

#include <string>

namespace {
#ifdef SCAE_PROBE_RENAMED
const std::string looked_up = std::string(scae::claim_id::theorem_3_2_uniform) + scae::evidence_label::ball_bound_renamed;
#else
const std::string looked_up = std::string(scae::claim_id::theorem_3_2_uniform) + scae::evidence_label::ball_bound;
#endif
}  // namespace

const std::string& probe() { return looked_up; }
