# Reference values for tdkt_eval.design and tdkt_eval.weighting, computed with R survey.
#
# Run from anywhere:  Rscript tests/reference/make_design_reference.R
# Reads the api CSVs beside this script (written from R survey's data(api) with
# write.csv) and writes design_api.json beside it.  Every block stores the exact R
# call that produced it, the R and survey versions and the date.

suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
options(digits = 12)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
read_api <- function(name) read.csv(file.path(here, name), stringsAsFactors = TRUE)

apistrat <- read_api("apistrat.csv")
apiclus1 <- read_api("apiclus1.csv")
apiclus2 <- read_api("apiclus2.csv")
apipop <- read_api("apipop_small.csv")

R_VERSION <- R.version.string
SURVEY_VERSION <- as.character(packageVersion("survey"))
DATE <- format(Sys.Date())

# ---- designs ---------------------------------------------------------------------------
design_calls <- list(
  dstrat = "svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)",
  dclus1 = "svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)",
  dclus2 = "svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)",
  dnest = "svydesign(id = ~dnum, strata = ~stype, weights = ~pw, data = apistrat, nest = TRUE)",
  dclus1_nofpc = "svydesign(id = ~dnum, weights = ~pw, data = apiclus1)",
  dclus2_nofpc = "svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)"
)
designs <- lapply(design_calls, function(cl) eval(parse(text = cl)))

# A stratified design with a lonely PSU: apistrat keeping only the first high school.
first_h <- which(apistrat$stype == "H")[1]
apilonely <- apistrat[apistrat$stype != "H" | seq_len(nrow(apistrat)) == first_h, ]
lonely_call <- "svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apilonely, fpc = ~fpc)"
lonely_data_note <- "apilonely <- apistrat[apistrat$stype != 'H' | seq_len(nrow(apistrat)) == which(apistrat$stype == 'H')[1], ]"
designs$dlonely <- eval(parse(text = lonely_call))
design_calls$dlonely <- paste(lonely_data_note, ";", lonely_call)

# Calibration of dclus1 to apipop counts.
pop_stype <- as.data.frame(table(stype = apipop$stype))
pop_schwide <- as.data.frame(table(sch.wide = apipop$sch.wide))
pop_note <- paste("pop_stype <- as.data.frame(table(stype = apipop$stype));",
                  "pop_schwide <- as.data.frame(table(sch.wide = apipop$sch.wide))")
calib_calls <- list(
  dclus1_ps = "postStratify(dclus1, ~stype, pop_stype)",
  dclus1_rake = paste0("rake(dclus1, list(~stype, ~sch.wide), list(pop_stype, pop_schwide), ",
                       "control = list(maxit = 100, epsilon = 1e-13))"),
  dclus1_rake_default = "rake(dclus1, list(~stype, ~sch.wide), list(pop_stype, pop_schwide))",
  dclus1_rake1 = "rake(dclus1, list(~stype), list(pop_stype), control = list(maxit = 100, epsilon = 1e-13))",
  dstrat_ps = "postStratify(dstrat, ~sch.wide, pop_schwide)",
  dstrat_rake1 = "rake(dstrat, list(~sch.wide), list(pop_schwide), control = list(maxit = 100, epsilon = 1e-13))"
)
dclus1 <- designs$dclus1
dstrat <- designs$dstrat
for (nm in names(calib_calls)) {
  designs[[nm]] <- eval(parse(text = calib_calls[[nm]]))
  design_calls[[nm]] <- paste(pop_note, ";", design_calls[[sub("_.*", "", nm)]], "->",
                              sub("_.*", "", nm), ";", calib_calls[[nm]])
}

# ---- helpers ---------------------------------------------------------------------------
provenance <- function(call) list(call = call, r_version = R_VERSION,
                                  survey_version = SURVEY_VERSION, date = DATE)

stat_block <- function(call, design_name, lonely = "fail") {
  old <- options(survey.lonely.psu = lonely)
  on.exit(options(old))
  d <- designs[[design_name]]
  est <- eval(parse(text = call), envir = list(d = d))
  ratio <- inherits(est, "svyratio")
  nm <- if (ratio) "ratio" else names(coef(est))
  list(
    provenance = c(provenance(paste0("d <- ", design_calls[[design_name]], "; ", call)),
                   list(lonely_psu_option = lonely)),
    names = nm,
    estimate = as.vector(coef(est)),
    se = as.vector(SE(est)),
    deff = as.vector(deff(est)),
    degf = degf(d),
    ci_normal = unname(confint(est)),
    ci_t = unname(confint(est, df = degf(d)))
  )
}

by_block <- function(call, design_name) {
  d <- designs[[design_name]]
  est <- eval(parse(text = call), envir = list(d = d))
  df <- as.data.frame(est)
  list(
    provenance = provenance(paste0("d <- ", design_calls[[design_name]], "; ", call)),
    levels = as.character(df[[1]]),
    estimate = as.vector(coef(est)),
    se = as.vector(SE(est)),
    deff = as.vector(deff(est)),
    degf = degf(d),
    ci_normal = unname(confint(est)),
    ci_t = unname(confint(est, df = degf(d)))
  )
}

# ---- blocks ----------------------------------------------------------------------------
out <- list()
for (dn in c("dstrat", "dclus1", "dclus2")) {
  nar <- if (dn == "dclus2") ", na.rm = TRUE" else ""
  out[[paste0(dn, "_mean_api00")]] <- stat_block("svymean(~api00, d, deff = TRUE)", dn)
  out[[paste0(dn, "_mean_enroll")]] <- stat_block(paste0("svymean(~enroll, d, deff = TRUE", nar, ")"), dn)
  out[[paste0(dn, "_total_api00")]] <- stat_block("svytotal(~api00, d, deff = TRUE)", dn)
  out[[paste0(dn, "_total_enroll")]] <- stat_block(paste0("svytotal(~enroll, d, deff = TRUE", nar, ")"), dn)
  out[[paste0(dn, "_mean_schwide")]] <- stat_block("svymean(~sch.wide, d, deff = TRUE)", dn)
  out[[paste0(dn, "_mean_stype")]] <- stat_block("svymean(~stype, d, deff = TRUE)", dn)
  out[[paste0(dn, "_ratio")]] <- stat_block(paste0("svyratio(~api.stu, ~enroll, d, deff = TRUE", nar, ")"), dn)
  out[[paste0(dn, "_by_stype_mean")]] <- by_block("svyby(~api00, ~stype, d, svymean, deff = TRUE)", dn)
  out[[paste0(dn, "_by_stype_total")]] <- by_block("svyby(~api00, ~stype, d, svytotal, deff = TRUE)", dn)
  out[[paste0(dn, "_by_stype_ratio")]] <- by_block(
    paste0("svyby(~api.stu, ~stype, d, svyratio, denominator = ~enroll, deff = TRUE", nar, ")"), dn)
  out[[paste0(dn, "_subset_E_mean")]] <- stat_block("svymean(~api00, subset(d, stype == 'E'), deff = TRUE)", dn)
}
out$dnest_mean_api00 <- stat_block("svymean(~api00, d, deff = TRUE)", "dnest")
out$dnest_total_enroll <- stat_block("svytotal(~enroll, d, deff = TRUE)", "dnest")
out$dclus1_nofpc_mean_api00 <- stat_block("svymean(~api00, d, deff = TRUE)", "dclus1_nofpc")
out$dclus2_nofpc_mean_api00 <- stat_block("svymean(~api00, d, deff = TRUE)", "dclus2_nofpc")
out$dclus2_nofpc_total_enroll <- stat_block("svytotal(~enroll, d, deff = TRUE, na.rm = TRUE)", "dclus2_nofpc")

for (lp in c("adjust", "average", "certainty", "remove")) {
  out[[paste0("dlonely_", lp, "_mean_api00")]] <- stat_block("svymean(~api00, d, deff = TRUE)", "dlonely", lp)
  out[[paste0("dlonely_", lp, "_total_enroll")]] <- stat_block("svytotal(~enroll, d, deff = TRUE)", "dlonely", lp)
}

for (cn in names(calib_calls)) {
  out[[paste0(cn, "_mean_api00")]] <- stat_block("svymean(~api00, d, deff = TRUE)", cn)
  out[[paste0(cn, "_total_api00")]] <- stat_block("svytotal(~api00, d, deff = TRUE)", cn)
  out[[paste0(cn, "_total_enroll")]] <- stat_block("svytotal(~enroll, d, deff = TRUE)", cn)
  out[[paste0(cn, "_mean_schwide")]] <- stat_block("svymean(~sch.wide, d, deff = TRUE)", cn)
  out[[paste0(cn, "_ratio")]] <- stat_block("svyratio(~api.stu, ~enroll, d, deff = TRUE)", cn)
  out[[paste0(cn, "_by_stype_mean")]] <- by_block("svyby(~api00, ~stype, d, svymean, deff = TRUE)", cn)
  out[[paste0(cn, "_by_schwide_mean")]] <- by_block("svyby(~api00, ~sch.wide, d, svymean, deff = TRUE)", cn)
}
out$dclus1_rake_weights <- list(
  provenance = provenance(paste0("d <- ", design_calls$dclus1_rake, "; weights(d)")),
  weights = as.vector(weights(designs$dclus1_rake)))

out$populations <- list(
  provenance = provenance(pop_note),
  stype = setNames(as.list(pop_stype$Freq), as.character(pop_stype$stype)),
  sch.wide = setNames(as.list(pop_schwide$Freq), as.character(pop_schwide$sch.wide)))

write_json(out, file.path(here, "design_api.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)

# Printed for the record (options(digits = 12)).
print(designs$dstrat)
print(svymean(~api00, designs$dstrat, deff = TRUE))
print(svytotal(~enroll, designs$dstrat, deff = TRUE))
print(svymean(~api00, designs$dclus1, deff = TRUE))
print(svymean(~api00, designs$dclus2, deff = TRUE))
print(svymean(~api00, designs$dclus1_rake))
cat("Wrote", file.path(here, "design_api.json"), "with", length(out), "blocks\n")
