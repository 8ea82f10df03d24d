# Reference values for tdkt_eval.rewards.auc_delong, computed with R pROC (DeLong variance and CI).
#
# Run from the project root:
#   Rscript tests/reference/make_proc_reference.R
# It writes tests/reference/proc.json: the data, the exact R calls, the R and pROC versions, the
# date, and pROC's AUC, its DeLong standard error and 95% CI.
#
# Data: set.seed(1); x <- round(rnorm(40), 1); y <- rbinom(40, 1, plogis(x)) (ties in x on purpose).
suppressPackageStartupMessages({
  library(pROC)
  library(jsonlite)
})
options(digits = 15)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))

set.seed(1)
x <- round(rnorm(40), 1)
y <- rbinom(40, 1, plogis(x))
r <- roc(y, x, direction = "<", quiet = TRUE)
ci <- ci.auc(r, method = "delong")
out <- list(
  call = paste('set.seed(1); x <- round(rnorm(40), 1); y <- rbinom(40, 1, plogis(x));',
               'r <- roc(y, x, direction = "<"); auc(r); sqrt(var(r)); ci.auc(r, method = "delong")'),
  r_version = R.version.string,
  proc_version = as.character(packageVersion("pROC")),
  date = as.character(Sys.Date()),
  x = x, y = y,
  auc = as.numeric(auc(r)), se = sqrt(var(r)), ci_low = ci[1], ci_high = ci[3]
)
write_json(out, file.path(here, "proc.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
