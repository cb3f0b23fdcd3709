// The weight-tied autoencoder of docs/theory.md §1 and its exact per-sample gradient (§3):
//   y_hat = W^T ReLU(W y - eps),   L(W) = ½ ‖y_hat - y‖²   (the ½ convention; ‖·‖² doubles it),
//   u = W y, r_j = max(u_j - eps_j, 0), 1_j = [u_j > eps_j], e = W^T r - y,
//   ∇_{W_i} L = r_i e + 1_i <W_i, e> y,  i.e.  ∇_W L = r e^T + (D W e) y^T, D = diag(1_j).
// The oracle gradient uses the support S of x* in place of the ReLU's: r°_j = u_j - eps_j for
// j in S and 0 otherwise, 1°_j = [j in S]; it equals the true gradient whenever supp(r) = S.
// Templates over double, mpfr and interval. For an interval u_j - eps_j that straddles 0 the
// indicator is the hull [0, 1] and the ReLU the hull of both branches, so enclosures stay valid.
#pragma once

#include "numerics/model/code_model.hpp"
#include "numerics/core/scalar.hpp"

#include <vector>

namespace scae {

template <class T> struct Activation {
  Vector<T> r;          // ReLU output (or oracle r°)
  Vector<T> indicator;  // 1_j (or [j in S])
};

template <class T> Activation<T> relu_activation(const Matrix<T>& w, const Vector<T>& eps, const Vector<T>& y);
template <class T>
Activation<T> oracle_activation(const Matrix<T>& w, const Vector<T>& eps, const Vector<T>& y,
                                const std::vector<int>& support);

template <class T> T loss(const Matrix<T>& w, const Vector<T>& eps, const Vector<T>& y);
// Gradient of ½‖W^T r - y‖² for a given activation (h x n).
template <class T> Matrix<T> gradient(const Matrix<T>& w, const Vector<T>& y, const Activation<T>& act);
template <class T> Matrix<T> gradient(const Matrix<T>& w, const Vector<T>& eps, const Vector<T>& y) {
  return gradient(w, y, relu_activation(w, eps, y));
}

// Throws std::invalid_argument unless W is h x n, eps has h entries and the code law has h atoms
// for the n x h dictionary a.
void check_model_shapes(const MatrixXd& a, const MatrixXd& w, const VectorXd& eps, const CodeModel& code);

}  // namespace scae
