#include "theory/row_groups.hpp"

#include <cmath>

namespace scae {

double row_coherence_score(const MatrixXd& a, int i) {
  VectorXd g = a.transpose() * a.col(i);
  g(i) = 0;
  const double root = g.norm();
  return root > 0 ? std::abs(g.sum()) / root : 0.0;
}

RowGroups group_rows(const MatrixXd& a, const std::vector<int>& rows) {
  RowGroups out;
  for (const int i : rows) {
    const double z = row_coherence_score(a, i);
    out.score.push_back(z);
    (z > atypical_row_threshold ? out.atypical : out.typical).push_back(i);
  }
  return out;
}

}  // namespace scae
