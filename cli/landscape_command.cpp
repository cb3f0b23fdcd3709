#include "cli/landscape_command.hpp"

#include "input/instance_builder.hpp"
#include "reports/landscape_report.hpp"
#include "cli/regime_arguments.hpp"

#include <iostream>
#include <memory>

namespace scae {

Subcommand add_landscape_command(CLI::App& app) {
  struct Arguments {
    std::string regime, directory;
    std::vector<std::string> overrides;
    bool json = false;
    LandscapeOptions options;
  };
  auto a = std::make_shared<Arguments>();
  CLI::App* landscape = app.add_subcommand("landscape", "Find the critical point W0 of the expected loss nearest to A*^T "
                                                        "(Newton-CG on the closed form) and describe it");
  landscape->add_option("regime", a->regime, "Regime TOML file")->required();
  landscape->add_flag("--json", a->json, "Print JSON");
  landscape->add_option("--export", a->directory, "Folder for W.npy (W0, h x n) beside A.npy and eps.npy");
  landscape->add_option("--tolerance", a->options.newton.tolerance,
                        "Stop Newton when max_i |E grad_i| / (q_i m2) is below this, in [1e-14, 1e-3] (default 1e-10)")
      ->check(CLI::Range(1e-14, 1e-3));
  landscape->add_option("--lanczos-steps", a->options.lanczos_steps,
                        "Hessian products per Lanczos estimate, at most, in [2, 500] (default 60)")
      ->check(CLI::Range(2, 500));
  add_set_option(*landscape, a->overrides);
  return {landscape, [a, landscape](const RunSettings&, OutputFolder& created) {
            const Regime regime = load_checked_regime(a->regime, a->overrides, SweepTable::unread);
            const Instance instance = build_instance(regime);
            if (landscape->count("--export")) created = create_output_folder("--export", a->directory);
            const LandscapeRun run = run_landscape(regime, instance, a->options);
            if (landscape->count("--export")) {
              Instance found = instance;
              found.w = run.point.w;
              export_instance(found, a->directory, "npy");
            }
            const nlohmann::json result = landscape_json(run);
            std::cout << (a->json ? result.dump(2) + "\n" : landscape_text(result));
            return 0;
          }};
}

}  // namespace scae
