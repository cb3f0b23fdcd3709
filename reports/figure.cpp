#include "reports/figure.hpp"

#include "numerics/core/matrix_io.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace scae {

namespace {
std::string script(const Figure& figure, const std::string& output) {
  std::ostringstream gp;
  gp << "# Redraw with: gnuplot " << figure.name << ".gp (in this folder)\n"
     << "set terminal svg size 900,520 dynamic enhanced font 'Sans,12' background rgb 'white'\n"
     << "set output '" << output << "'\n"
     << "data = '" << figure.name << ".dat'\n"
     << figure.plot << "\n";
  return gp.str();
}
}  // namespace

std::filesystem::path write_figure(const std::filesystem::path& dir, const Figure& figure) {
  std::ostringstream dat;
  dat << "#";
  for (const auto& c : figure.columns) dat << " " << c;
  dat << "\n";
  char number[32];
  for (Eigen::Index i = 0; i < figure.data.rows(); ++i) {
    for (Eigen::Index j = 0; j < figure.data.cols(); ++j) {
      std::snprintf(number, sizeof number, "%.17g", figure.data(i, j));
      dat << (j ? " " : "") << number;
    }
    dat << "\n";
  }
  write_file_atomically(dir / (figure.name + ".dat"), dat.str());
  write_file_atomically(dir / (figure.name + ".gp"), script(figure, figure.name + ".svg"));

  // Render into a temporary name of this process's own (the script is piped to gnuplot), then
  // rename into place.
  const std::string tmp = "." + figure.name + ".svg.tmp-" + std::to_string(::getpid());
  // A gnuplot that is missing or dies closes the pipe: the write then fails with EPIPE instead of
  // ending scae by SIGPIPE, and the status below reports it.
  struct sigaction ignore {}, before {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &before);
  FILE* pipe = popen(("cd '" + dir.string() + "' && gnuplot 2>/dev/null").c_str(), "w");
  if (!pipe) {
    sigaction(SIGPIPE, &before, nullptr);
    throw std::runtime_error("figure " + figure.name + ": cannot start gnuplot");
  }
  const std::string text = script(figure, tmp);
  std::fwrite(text.data(), 1, text.size(), pipe);
  const int status = pclose(pipe);
  sigaction(SIGPIPE, &before, nullptr);
  const auto svg = dir / (figure.name + ".svg");
  if (status != 0 || !std::filesystem::exists(dir / tmp)) {
    std::filesystem::remove(dir / tmp);
    throw std::runtime_error("figure " + figure.name + ": gnuplot failed (Debian's gnuplot-nox must be installed)");
  }
  std::filesystem::rename(dir / tmp, svg);
  return svg;
}

}  // namespace scae
