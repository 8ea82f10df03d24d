# Reference values for the WLSMV estimator of tdkt_eval.factor.cfa (ordered items), from R lavaan.
#
# Run from the project root:
#   Rscript tests/reference/make_cfa_wlsmv_reference.R
# It writes tests/reference/cfa_wlsmv.json: the R and lavaan versions, the date, and for each case
# the exact R call and lavaan's
#   * parameterEstimates(fit, standardized = TRUE),
#   * fitMeasures(fit) (every measure lavaan reports for the fit),
#   * the scaled-shifted test (lavInspect "test"): tr(U Gamma), tr((U Gamma)^2), the scaling
#     factor and the shift parameter (lavaan's chisq.shift.parameters),
#   * the sample statistics: the thresholds, the polychoric correlations (lavInspect "sampstat"),
#     and the asymptotic covariance matrix of (thresholds, correlations) (lavInspect "gamma"),
# the fit twice: with lavaan's defaults ("default") and run to the optimum ("tight", see TIGHT).
# Every case is lavaan::cfa(model, data, ordered = TRUE, estimator = "WLSMV") with lavaan's other
# defaults (parameterization = "delta"; listwise deletion over the model's items).
# The cases:
#   bfi_one        one factor on A1-A5 of bfi.csv (6 categories)
#   bfi_two        two factors on A1-A5 and C1-C5
#   bfi_two_std_lv the same with std.lv = TRUE
#   bfi_two_extra  bfi_two with a residual covariance, C4 ~~ C5
#   staff_three    three factors on aw1-aw3, pa1-pa4, sm1-sm4 of staff_invariance.csv (5 categories)
suppressPackageStartupMessages({
  library(lavaan)
  library(jsonlite)
})
options(digits = 15)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
frames <- list(bfi.csv = read.csv(file.path(here, "bfi.csv")),
               staff_invariance.csv = read.csv(file.path(here, "staff_invariance.csv")))

two_model <- "agree =~ A1 + A2 + A3 + A4 + A5\nconsc =~ C1 + C2 + C3 + C4 + C5"
staff_model <- "aw =~ aw1 + aw2 + aw3\npa =~ pa1 + pa2 + pa3 + pa4\nsm =~ sm1 + sm2 + sm3 + sm4"
# lavaan's default optimiser (nlminb) stops with the estimates good to about 1e-5; with these
# options the same fit is run to the optimum.
TIGHT <- list(optim.method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
cases <- list(
  bfi_one = list(data = "bfi.csv", model = "agree =~ A1 + A2 + A3 + A4 + A5", options = list()),
  bfi_two = list(data = "bfi.csv", model = two_model, options = list()),
  bfi_two_std_lv = list(data = "bfi.csv", model = two_model, options = list(std.lv = TRUE)),
  bfi_two_extra = list(data = "bfi.csv", model = paste(two_model, "C4 ~~ C5", sep = "\n"), options = list()),
  staff_three = list(data = "staff_invariance.csv", model = staff_model, options = list())
)

table_of <- function(x, cols) {
  cols <- intersect(cols, names(x))
  x <- as.data.frame(x)
  out <- lapply(cols, function(col) if (is.numeric(x[[col]])) unname(x[[col]]) else as.character(x[[col]]))
  names(out) <- cols
  out
}

run <- function(case, tight) {
  options <- c(list(ordered = TRUE, estimator = "WLSMV"), case$options, if (tight) TIGHT)
  fit <- do.call("cfa", c(list(model = case$model, data = frames[[case$data]]), options))
  opts <- paste(sprintf(", %s = %s", names(options), sapply(options, deparse)), collapse = "")
  out <- list(
    call = sprintf("fit <- lavaan::cfa(model, data = read.csv('%s')%s)", case$data, opts),
    data = case$data, model = case$model, options = case$options,
    converged = lavInspect(fit, "converged"),
    nobs = lavInspect(fit, "nobs"),
    estimates = table_of(parameterEstimates(fit, standardized = TRUE),
                         c("lhs", "op", "rhs", "est", "se", "z", "pvalue", "ci.lower", "ci.upper",
                           "std.lv", "std.all")),
    fit = as.list(unclass(fitMeasures(fit))),
    test = lavInspect(fit, "test")$scaled.shifted[c("stat", "df", "trace.UGamma", "trace.UGamma2",
                                                     "scaling.factor", "shift.parameter")]
  )
  if (tight) {
    ss <- lavInspect(fit, "sampstat")
    out$thresholds <- as.list(ss$th)
    out$threshold_names <- names(ss$th)
    out$polychoric <- unname(ss$cov)
    out$items <- rownames(ss$cov)
    out$gamma <- unname(lavInspect(fit, "gamma"))
  }
  out
}

out <- list(
  r_version = R.version.string,
  lavaan_version = as.character(packageVersion("lavaan")),
  date = as.character(Sys.Date()),
  note = paste("lavaan::cfa(ordered = TRUE, estimator = 'WLSMV'); fitMeasures() is lavaan's full list;",
               "parameterEstimates(fit, standardized = TRUE); sampstat and gamma from lavInspect."),
  tight_options = TIGHT,
  cases = lapply(cases, function(case) list(default = run(case, FALSE), tight = run(case, TRUE)))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"),
           file.path(here, "cfa_wlsmv.json"))
