# Reference values for tdkt_eval.design.planning (inclusion probabilities, systematic PPS), from R sampling.
#
# Run from the project root:
#   Rscript tests/reference/make_sampling_reference.R
# It writes tests/reference/sampling.json: the exact R calls, the R and sampling versions, the date,
# a frame of 40 communes' household counts (some large enough to be certainty units), and
#   * sampling::inclusionprobabilities(households, n) for n = 8 and n = 12;
#   * sampling::UPsystematic(pik) after set.seed(s), for three seeds, with the random start that
#     seed gives (set.seed(s); runif(1)), so that the same start can be replayed.
suppressPackageStartupMessages({
  library(sampling)
  library(jsonlite)
})
options(digits = 15)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
set.seed(20251)
households <- round(rlnorm(40, meanlog = 7.5, sdlog = 0.8))
households[c(3, 17)] <- c(30000, 18000)  # two large wards: certainty units at n = 12
pik8 <- inclusionprobabilities(households, 8)
pik12 <- inclusionprobabilities(households, 12)
draws <- lapply(c(1, 42, 2025), function(s) {
  set.seed(s); u <- runif(1)
  set.seed(s); sel <- UPsystematic(pik12)
  list(seed = s, start = u, selected = which(sel == 1))
})
out <- list(
  call = paste("set.seed(20251); households <- round(rlnorm(40, 7.5, 0.8)); households[c(3, 17)] <- c(30000, 18000);",
               "inclusionprobabilities(households, 8); inclusionprobabilities(households, 12);",
               "for s in 1, 42, 2025: set.seed(s); runif(1) (the start); set.seed(s); which(UPsystematic(pik12) == 1)"),
  r_version = R.version.string,
  sampling_version = as.character(packageVersion("sampling")),
  date = as.character(Sys.Date()),
  households = households, pik8 = pik8, pik12 = pik12, draws = draws
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(here, "sampling.json"))
