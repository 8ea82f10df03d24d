# Reference values for tdkt_eval.factor.invariance (measurement invariance), computed with R lavaan
# and semTools.
#
# Run from the project root:
#   Rscript tests/reference/make_invariance_reference.R
# It writes tests/reference/staff_invariance.csv (the demo staff survey's items used below, with
# the position group, as the demo held them on the date below) and tests/reference/invariance.json:
# the R, lavaan and semTools versions, the date, and for each case and each step
# (configural; metric: group.equal = "loadings"; scalar: group.equal = c("loadings", "intercepts"))
#   * the exact R call,
#   * parameterEstimates(fit) (lhs, op, rhs, group, est, se),
#   * fitMeasures(fit) (chisq, df, pvalue, cfi, tli, rmsea, rmsea.ci.lower, rmsea.ci.upper, srmr,
#     aic, bic),
# and semTools::compareFit(configural, metric, scalar): its nested likelihood-ratio tests
# (Chisq diff, Df diff, Pr(>Chisq)) and its differences of fit measures (fit.diff).
# The fits are run to the optimum (TIGHT, as in make_cfa_reference.R).
# The cases:
#   hs_school   the three-factor Holzinger-Swineford model across the two schools (lavaan's own
#               example of group.equal)
#   staff_group three factors of the demo staff survey (aw1-aw3, pa1-pa4, sm1-sm4) across the three
#               position groups (leader, manager, frontline), listwise
suppressPackageStartupMessages({
  library(lavaan)
  library(semTools)
  library(jsonlite)
})
options(digits = 15)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
hs <- read.csv(file.path(here, "holzinger.csv"))
staff_items <- c("aw1", "aw2", "aw3", "pa1", "pa2", "pa3", "pa4", "sm1", "sm2", "sm3", "sm4")
staff_file <- file.path(here, "staff_invariance.csv")
if (!file.exists(staff_file)) {
  demo <- read.csv(file.path(here, "..", "..", "data", "demo", "staff_responses.csv"))
  write.csv(demo[, c("position_group", staff_items)], staff_file, row.names = FALSE, na = "")
}
staff <- read.csv(staff_file)

TIGHT <- list(optim.method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
STEPS <- list(configural = "", metric = "loadings", scalar = c("loadings", "intercepts"))
MEASURES <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr",
              "aic", "bic")
cases <- list(
  hs_school = list(data = "holzinger.csv", frame = hs, group = "school",
                   model = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"),
  staff_group = list(data = "staff_invariance.csv", frame = staff, group = "position_group",
                     model = "aw =~ aw1 + aw2 + aw3\npa =~ pa1 + pa2 + pa3 + pa4\nsm =~ sm1 + sm2 + sm3 + sm4")
)

table_of <- function(x, cols) {
  x <- as.data.frame(x)
  out <- lapply(cols, function(col) if (is.numeric(x[[col]])) unname(x[[col]]) else as.character(x[[col]]))
  names(out) <- cols
  out
}

run <- function(case) {
  fits <- lapply(STEPS, function(equal) {
    do.call("cfa", c(list(model = case$model, data = case$frame, group = case$group, group.equal = equal), TIGHT))
  })
  steps <- mapply(function(fit, equal) list(
    call = sprintf(paste0("lavaan::cfa(model, data = read.csv('%s'), group = '%s', group.equal = %s,",
                          " optim.method = 'BFGS', control = list(reltol = 1e-16, maxit = 10000))"),
                   case$data, case$group, deparse(equal)),
    converged = lavInspect(fit, "converged"),
    nobs = lavInspect(fit, "nobs"),
    group_labels = lavInspect(fit, "group.label"),
    estimates = table_of(parameterEstimates(fit), c("lhs", "op", "rhs", "group", "est", "se")),
    fit = as.list(unclass(fitMeasures(fit, MEASURES)))
  ), fits, STEPS, SIMPLIFY = FALSE)
  compared <- compareFit(fits$configural, fits$metric, fits$scalar)
  nested <- compared@nested
  list(model = case$model, group = case$group, data = case$data, steps = steps,
       compare_call = "semTools::compareFit(configural, metric, scalar)",
       lrt = list(chisq_diff = unname(nested[["Chisq diff"]]), df_diff = unname(nested[["Df diff"]]),
                  p = unname(nested[["Pr(>Chisq)"]])),
       fit_diff = lapply(as.list(compared@fit.diff), unname),
       fit_diff_rows = rownames(compared@fit.diff))
}

out <- list(
  r_version = R.version.string,
  lavaan_version = as.character(packageVersion("lavaan")),
  semtools_version = as.character(packageVersion("semTools")),
  date = as.character(Sys.Date()),
  cases = lapply(cases, run)
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"),
           file.path(here, "invariance.json"))
