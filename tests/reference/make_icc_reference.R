# Reference values for tdkt_eval.agreement.icc, computed with R psych::ICC.
#
# Run from the project root:
#   Rscript tests/reference/make_icc_reference.R
# It writes tests/reference/icc.json with, for each data set, the data (one row per target,
# one column per rater), the exact R call, the R and psych versions, the date and psych's
# results table (type, ICC, F, df1, df2, p, lower bound, upper bound).
#
# Data sets:
#   "sf":    Shrout & Fleiss (1979, Table 2), 6 targets x 4 judges, typed in as in the
#            Examples of ?psych::ICC (psych's `sf` data);
#   "sim":   20 targets x 5 raters simulated here: set.seed(20261121); 5 + target effect
#            N(0, 1) + rater effect N(0, 0.5^2) + error N(0, 0.7^2), rounded to 1 decimal;
#   "sim90": the same data with alpha = 0.10 (90% intervals).
# lmer = FALSE: the classical ANOVA mean squares (psych's default lmer = TRUE estimates the
# same quantities by REML, equal for complete data up to the optimiser's tolerance).
suppressPackageStartupMessages({
  library(psych)
  library(jsonlite)
})
options(digits = 15)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))

sf <- matrix(c(9, 2, 5, 8,
               6, 1, 3, 2,
               8, 4, 6, 8,
               7, 1, 2, 6,
               10, 5, 6, 9,
               6, 2, 4, 7), ncol = 4, byrow = TRUE)
colnames(sf) <- paste0("J", 1:4)
sf <- as.data.frame(sf)

set.seed(20261121)
n <- 20; k <- 5
sim <- round(5 + outer(rnorm(n), rep(1, k)) + outer(rep(1, n), rnorm(k, sd = 0.5)) +
             matrix(rnorm(n * k, sd = 0.7), n, k), 1)
colnames(sim) <- paste0("R", 1:k)
sim <- as.data.frame(sim)

one <- function(x, call_text, alpha) {
  res <- eval(parse(text = call_text))$results
  list(
    call = call_text,
    data = as.list(x),
    results = list(type = res$type, ICC = res$ICC, F = res$F, df1 = res$df1, df2 = res$df2,
                   p = res$p, lower = res[["lower bound"]], upper = res[["upper bound"]]),
    conf_level = 1 - alpha
  )
}

out <- list(
  provenance = list(R = R.version.string, psych = as.character(packageVersion("psych")),
                    jsonlite = as.character(packageVersion("jsonlite")),
                    date = format(Sys.Date()), script = "tests/reference/make_icc_reference.R"),
  sf = one(sf, "psych::ICC(sf, lmer = FALSE)", 0.05),
  sim = one(sim, "psych::ICC(sim, lmer = FALSE)", 0.05),
  sim90 = one(sim, "psych::ICC(sim, alpha = 0.10, lmer = FALSE)", 0.10)
)
write_json(out, file.path(here, "icc.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
