# Reference values for ReplicateDesign and Design.replicate, computed with R survey.
#
# Run from anywhere:  Rscript tests/reference/make_replicate_reference.R
# Reads the api CSVs and random_multistage.csv beside this script; writes design_replicate.json and
# the replicate weights R made (rep_brr.csv, rep_fay.csv, rep_boot.csv) beside it.  Every block
# stores the exact R calls, the R and survey versions and the date.

suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
options(digits = 15, survey.lonely.psu = "fail")
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
read_here <- function(name) read.csv(file.path(here, name), stringsAsFactors = TRUE)
apistrat <- read_here("apistrat.csv")
apiclus1 <- read_here("apiclus1.csv")
randms <- read_here("random_multistage.csv")

R_VERSION <- R.version.string
SURVEY_VERSION <- as.character(packageVersion("survey"))
DATE <- format(Sys.Date())
prov <- function(call) list(call = call, r_version = R_VERSION, survey_version = SURVEY_VERSION, date = DATE)

# Two districts per stratum of the random design, for balanced half-samples.
pairs <- do.call(rbind, lapply(split(randms, randms$stratum), function(s) {
  keep <- unique(s$district)[1:2]; s[s$district %in% keep, ]
}))
names(pairs)[names(pairs) == "g"] <- "grp"  # svyglm on a replicate design evaluates a column named g as its call
write.csv(pairs, file.path(here, "random_pairs.csv"), row.names = FALSE)
pairs <- read_here("random_pairs.csv")

calls <- list(
  dclus1_jk1 = "as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc), type = 'JK1')",
  dstrat_jkn = "as.svrepdesign(svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc), type = 'JKn')",
  pairs_brr = "as.svrepdesign(svydesign(id = ~district, strata = ~stratum, weights = ~w, data = pairs), type = 'BRR')",
  pairs_fay = "as.svrepdesign(svydesign(id = ~district, strata = ~stratum, weights = ~w, data = pairs), type = 'Fay', fay.rho = 0.3)",
  dclus1_boot = "set.seed(20261207); as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = apiclus1), type = 'subbootstrap', replicates = 60)"
)
designs <- lapply(calls, function(cl) eval(parse(text = cl)))
for (nm in c("pairs_brr", "pairs_fay", "dclus1_boot")) {
  d <- designs[[nm]]
  w <- weights(d, "analysis"); colnames(w) <- paste0("rep", seq_len(ncol(w)))
  write.csv(cbind(d$variables, w), file.path(here, paste0("rep_", sub(".*_", "", nm), ".csv")), row.names = FALSE)
}

out <- list()
for (nm in names(designs)) {
  d <- designs[[nm]]
  out[[paste0(nm, "_design")]] <- list(provenance = prov(calls[[nm]]), scale = d$scale,
                                       rscales = unname(d$rscales), degf = degf(d), n_replicates = ncol(d$repweights))
}
stat <- function(key, design, call) {
  r_call <- paste0("d <- ", calls[[design]], "; ", call)
  assign("d", designs[[design]], envir = globalenv())
  value <- eval(parse(text = call), envir = globalenv())
  out[[key]] <<- c(list(provenance = prov(r_call)), value)
}
est <- function(x) list(estimate = unname(coef(x)), se = unname(SE(x)))
for (nm in c("dclus1_jk1", "dstrat_jkn", "dclus1_boot")) {
  stat(paste0(nm, "_mean"), nm, "est(svymean(~api00, d))")
  stat(paste0(nm, "_total"), nm, "est(svytotal(~enroll, d))")
  stat(paste0(nm, "_ratio"), nm, "est(svyratio(~api00, ~api99, d))")
  stat(paste0(nm, "_by"), nm, "est(svyby(~api00, ~stype, d, svymean))")
  stat(paste0(nm, "_glm"), nm, paste0("{f <- svyglm(I(sch.wide == 'Yes') ~ ell + meals, d, family = quasibinomial());",
                                      " list(estimate = unname(coef(f)), se = unname(SE(f)), df_residual = f$df.residual)}"))
  stat(paste0(nm, "_ttest"), nm, "{t <- svyttest(api00 ~ sch.wide, d); list(statistic = unname(t$statistic), df = unname(t$parameter), p_value = t$p.value)}")
  stat(paste0(nm, "_chisq"), nm, "{t <- svychisq(~sch.wide + stype, d); list(statistic = unname(t$statistic), parameter = unname(t$parameter), p_value = t$p.value)}")
  stat(paste0(nm, "_contrast"), nm, "est(svycontrast(svyby(~api00, ~stype, d, svymean, covmat = TRUE), c(E = 1, H = -1)))")
  stat(paste0(nm, "_quantile"), nm, "{q <- svyquantile(~api00, d, c(0.25, 0.5))[[1]]; list(quantile = unname(q[, 1]), ci_low = unname(q[, 2]), ci_high = unname(q[, 3]), se = unname(q[, 4]))}")
}
for (nm in c("pairs_brr", "pairs_fay")) {
  stat(paste0(nm, "_mean"), nm, "est(svymean(~y, d, na.rm = TRUE))")
  stat(paste0(nm, "_total"), nm, "est(svytotal(~x, d))")
  stat(paste0(nm, "_glm"), nm, "{f <- svyglm(yes ~ x + grp, d, family = quasibinomial()); list(estimate = unname(coef(f)), se = unname(SE(f)), df_residual = f$df.residual)}")
  stat(paste0(nm, "_quantile"), nm, "{q <- svyquantile(~x, d, c(0.5))[[1]]; list(quantile = unname(q[, 1]), ci_low = unname(q[, 2]), ci_high = unname(q[, 3]), se = unname(q[, 4]))}")
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(here, "design_replicate.json"))
cat("wrote", length(out), "blocks\n")
