// The names of the evidence that theory/'s Theorem 3.2 checks write and the report looks up by name
// (reports/negligibility.cpp): each spelled here once, for the writer and for every reader, so that
// renaming one is a compile error instead of a sentence silently dropped. checks/architecture refuses
// the same text as a string literal in reports/ or cli/. Claim ids and the evidence runs/ writes are
// in runs/claim_labels.hpp.
#pragma once

#include <string>

namespace scae::evidence_label {

inline constexpr const char* bound_at_w = "B(W)";   // B(W), the sum of the class bounds at the regime's W
inline constexpr const char* ball_bound = "B_ball";  // B_ball, the same at the ball maxima
inline constexpr const char* row_ratio_suffix = " |E grad|/(q_i m2)";

// "row 3 |E grad|/(q_i m2)": the enclosure of |E grad_{W_i}|/(q_i m2) for row i.
inline std::string row_ratio(int row) { return "row " + std::to_string(row) + row_ratio_suffix; }

}  // namespace scae::evidence_label
