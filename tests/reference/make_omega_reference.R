# Reference values for tdkt_eval.factor.omega (omega hierarchical and total), computed with R psych.
#
# Run from the project root:
#   Rscript tests/reference/make_omega_reference.R
# It writes tests/reference/omega.json: the exact R calls, the R, psych and GPArotation versions,
# the date, and for 12 bfi items (A2-A5, E3-E5, O1, O3, C1-C3; the first 1000 rows, pairwise):
#   * psych::omega(x, nfactors = 3, fm = "minres", rotate = "oblimin"): omega_h, omega.tot and the
#     general loadings (schmid$sl[, 1]);
#   * the oblique solution it rests on (psych::fa(x, 3, fm = "minres", rotate = "oblimin")$Phi);
#   * omega_h from the exact solution of the just-identified second-order model,
#     g = sqrt(phi_ij phi_ik / phi_jk), with psych's own pattern and Phi (psych's iterative fit of
#     the 3 x 3 stops about 1e-5 short of it).
suppressPackageStartupMessages({
  library(psych)
  library(GPArotation)
  library(jsonlite)
})
options(digits = 15)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
bfi <- read.csv(file.path(here, "bfi.csv"))
items <- c("A2", "A3", "A4", "A5", "E3", "E4", "E5", "O1", "O3", "C1", "C2", "C3")
x <- bfi[1:1000, items]
om <- omega(x, nfactors = 3, fm = "minres", rotate = "oblimin", plot = FALSE)
f <- fa(x, 3, fm = "minres", rotate = "oblimin")
phi <- f$Phi
L <- unclass(f$loadings)
g <- c(sqrt(phi[1, 2] * phi[1, 3] / phi[2, 3]), sqrt(phi[1, 2] * phi[2, 3] / phi[1, 3]),
       sqrt(phi[1, 3] * phi[2, 3] / phi[1, 2]))
vt <- sum(cor(x, use = "pairwise"))
out <- list(
  call = paste("x <- read.csv('bfi.csv')[1:1000, c('A2','A3','A4','A5','E3','E4','E5','O1','O3','C1','C2','C3')];",
               "om <- psych::omega(x, nfactors = 3, fm = 'minres', rotate = 'oblimin'); f <- psych::fa(x, 3,",
               "fm = 'minres', rotate = 'oblimin'); exact: g <- sqrt(phi_ij phi_ik / phi_jk),",
               "sum(L %*% g)^2 / sum(cor(x, use = 'pairwise'))"),
  r_version = R.version.string,
  psych_version = as.character(packageVersion("psych")),
  gparotation_version = as.character(packageVersion("GPArotation")),
  date = as.character(Sys.Date()),
  items = items, first_rows = 1000,
  omega_h = om$omega_h, omega_total = om$omega.tot, general = unname(om$schmid$sl[, 1]),
  phi_sorted = unname(sort(phi[upper.tri(phi)])),
  omega_h_exact = sum(L %*% g)^2 / vt
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(here, "omega.json"))
