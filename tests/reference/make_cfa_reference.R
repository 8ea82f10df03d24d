# Reference values for tdkt_eval.factor.cfa (confirmatory factor analysis), computed with R lavaan.
#
# Run from the project root:
#   Rscript tests/reference/make_cfa_reference.R
# It writes tests/reference/holzinger.csv (lavaan's HolzingerSwineford1939, as shipped) and
# tests/reference/cfa.json: the R and lavaan versions, the date, and for each case the exact R
# call and lavaan's
#   * parameterEstimates(fit, standardized = TRUE) (est, se, z, pvalue, ci.lower, ci.upper,
#     std.lv, std.all),
#   * standardizedSolution(fit) (est.std),
#   * fitMeasures(fit) (every measure lavaan reports for the fit),
#   * modindices(fit) (every row: mi, epc, sepc.lv, sepc.all) for the single-group ML fits,
# each twice: with lavaan's defaults ("default") and run to the optimum ("tight", see TIGHT below).
# The cases:
#   hs_ml        the three-factor Holzinger-Swineford model, ML (lavaan's defaults)
#   hs_std_lv    the same with std.lv = TRUE
#   hs_mlr       the same with estimator = "MLR"
#   hs_extra     the same plus `visual ~~ 0*speed` and `x7 ~~ x8`, ML
#   bfi_one      one factor on A1-A5 of bfi.csv, ML (listwise over the model's items, lavaan's default)
#   bfi_five     five factors on the 25 bfi items, ML
#   bfi_five_mlr the same with estimator = "MLR"
#   hs_configural, hs_metric, hs_scalar   the Holzinger-Swineford model by school (group = "school"):
#                no equality constraints, group.equal = "loadings", and c("loadings", "intercepts")
#   hs_scalar_std_lv   the scalar model with std.lv = TRUE
# The data are read back from the CSV files, so that R and Python fit the same numbers.
suppressPackageStartupMessages({
  library(lavaan)
  library(jsonlite)
})
options(digits = 15)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
write.csv(HolzingerSwineford1939, file.path(here, "holzinger.csv"), row.names = FALSE)
hs <- read.csv(file.path(here, "holzinger.csv"))
bfi <- read.csv(file.path(here, "bfi.csv"))

hs_model <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
five_model <- paste("agree =~ A1 + A2 + A3 + A4 + A5", "consc =~ C1 + C2 + C3 + C4 + C5",
                    "extra =~ E1 + E2 + E3 + E4 + E5", "neuro =~ N1 + N2 + N3 + N4 + N5",
                    "open =~ O1 + O2 + O3 + O4 + O5", sep = "\n")
# lavaan's default optimiser (nlminb, rel.tol = 1e-10) stops where the estimates are good to
# about 1e-5; with these options the same fit is run to the optimum (fmin to ~1e-16), so that the
# numbers can be compared at 1e-6 and better. Both are stored: "default" and "tight".
TIGHT <- list(optim.method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
cases <- list(
  hs_ml = list(data = "holzinger.csv", model = hs_model, options = list()),
  hs_std_lv = list(data = "holzinger.csv", model = hs_model, options = list(std.lv = TRUE)),
  hs_mlr = list(data = "holzinger.csv", model = hs_model, options = list(estimator = "MLR")),
  hs_extra = list(data = "holzinger.csv", options = list(),
                  model = paste(hs_model, "visual ~~ 0*speed", "x7 ~~ x8", sep = "\n")),
  bfi_one = list(data = "bfi.csv", model = "agree =~ A1 + A2 + A3 + A4 + A5", options = list()),
  bfi_five = list(data = "bfi.csv", model = five_model, options = list()),
  bfi_five_mlr = list(data = "bfi.csv", model = five_model, options = list(estimator = "MLR")),
  hs_configural = list(data = "holzinger.csv", model = hs_model, options = list(group = "school")),
  hs_metric = list(data = "holzinger.csv", model = hs_model,
                   options = list(group = "school", group.equal = "loadings")),
  hs_scalar = list(data = "holzinger.csv", model = hs_model,
                   options = list(group = "school", group.equal = c("loadings", "intercepts"))),
  hs_scalar_std_lv = list(data = "holzinger.csv", model = hs_model,
                          options = list(group = "school", group.equal = c("loadings", "intercepts"), std.lv = TRUE))
)

table_of <- function(x, cols) {
  cols <- intersect(cols, names(x))
  x <- as.data.frame(x)
  out <- lapply(cols, function(col) if (is.numeric(x[[col]])) unname(x[[col]]) else as.character(x[[col]]))
  names(out) <- cols
  out
}

run <- function(case, tight) {
  frame <- if (case$data == "holzinger.csv") hs else bfi
  options <- c(case$options, if (tight) TIGHT)
  fit <- do.call("cfa", c(list(model = case$model, data = frame), options))
  opts <- paste(sprintf(", %s = %s", names(options), sapply(options, deparse)), collapse = "")
  out <- list(
    call = sprintf("fit <- lavaan::cfa(model, data = read.csv('%s')%s)", case$data, opts),
    data = case$data,
    model = case$model,
    options = case$options,
    converged = lavInspect(fit, "converged"),
    nobs = lavInspect(fit, "nobs"),
    groups = lavInspect(fit, "group.label"),
    estimates = table_of(parameterEstimates(fit, standardized = TRUE),
                         c("lhs", "op", "rhs", "group", "est", "se", "z", "pvalue", "ci.lower", "ci.upper",
                           "std.lv", "std.all")),
    standardized = table_of(standardizedSolution(fit), c("lhs", "op", "rhs", "group", "est.std")),
    fit = as.list(unclass(fitMeasures(fit)))
  )
  if (is.null(case$options$estimator) && is.null(case$options$group) && tight) {
    mi <- modindices(fit)
    out$modindices <- table_of(mi, c("lhs", "op", "rhs", "mi", "epc", "sepc.lv", "sepc.all"))
  }
  out
}

out <- list(
  r_version = R.version.string,
  lavaan_version = as.character(packageVersion("lavaan")),
  date = as.character(Sys.Date()),
  note = paste("fitMeasures() is lavaan's full list; parameterEstimates(fit, standardized = TRUE);",
               "standardizedSolution(fit) (type std.all); modindices(fit) with its defaults."),
  tight_options = TIGHT,
  cases = lapply(cases, function(case) list(default = run(case, FALSE), tight = run(case, TRUE)))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), file.path(here, "cfa.json"))
