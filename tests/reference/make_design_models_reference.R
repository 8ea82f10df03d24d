# Reference values for Design.glm, .ttest, .chisq, .contrast and .quantile, computed with R survey.
#
# Run from anywhere:  Rscript tests/reference/make_design_models_reference.R
# Reads the api CSVs beside this script and writes design_models.json and random_multistage.csv
# beside it.  Every block stores the exact R call, the R and survey versions and the date.

suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
options(digits = 15, survey.lonely.psu = "fail")

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
read_api <- function(name) read.csv(file.path(here, name), stringsAsFactors = TRUE)
apistrat <- read_api("apistrat.csv")
apiclus1 <- read_api("apiclus1.csv")
apiclus2 <- read_api("apiclus2.csv")
apipop <- read_api("apipop_small.csv")

# A random three-stage design: 6 strata, 4-7 districts each (of 10-20), 2-4 communes per district
# (of 5-12), 5-15 people per commune, with an fpc at each stage.
set.seed(20261207)
rows <- list()
for (h in 1:6) {
  N1 <- sample(10:20, 1); n1 <- sample(4:7, 1)
  for (d in sample(N1, n1)) {
    N2 <- sample(5:12, 1); n2 <- sample(2:4, 1)
    for (c in sample(N2, n2)) {
      m <- sample(5:15, 1); effect <- rnorm(1, 0, 0.5)
      x <- rnorm(m); g <- sample(c("a", "b", "c"), m, replace = TRUE, prob = c(0.5, 0.3, 0.2))
      y <- 2 + 0.8 * x + (g == "b") * 0.5 + effect + rnorm(m)
      yes <- rbinom(m, 1, plogis(-0.3 + 0.9 * x + (g == "c") * 0.6 + effect))
      count <- rpois(m, exp(0.5 + 0.3 * x))
      rows[[length(rows) + 1]] <- data.frame(
        stratum = h, district = paste0("D", h, "_", d), commune = paste0("C", h, "_", d, "_", c),
        N1 = N1, N2 = N2, x = round(x, 6), g = g, y = round(y, 6), yes = yes, count = count,
        w = round((N1 / n1) * (N2 / n2) * runif(1, 8, 12), 4))
    }
  }
}
randms <- do.call(rbind, rows)
randms$y[c(7, 40, 111)] <- NA
write.csv(randms, file.path(here, "random_multistage.csv"), row.names = FALSE)
randms <- read.csv(file.path(here, "random_multistage.csv"), stringsAsFactors = TRUE)
data_note <- "randms <- read.csv('random_multistage.csv') (written by this script with set.seed(20261207))"

R_VERSION <- R.version.string
SURVEY_VERSION <- as.character(packageVersion("survey"))
DATE <- format(Sys.Date())
prov <- function(call) list(call = call, r_version = R_VERSION, survey_version = SURVEY_VERSION, date = DATE)

designs <- list(
  dstrat = "svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)",
  dclus1 = "svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)",
  dclus2 = "svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)",
  dclus1_nofpc = "svydesign(id = ~dnum, weights = ~pw, data = apiclus1)",
  randms = "svydesign(id = ~district + commune, strata = ~stratum, fpc = ~N1 + N2, weights = ~w, data = randms)"
)
env <- environment()
for (nm in names(designs)) assign(nm, eval(parse(text = designs[[nm]])), envir = env)
pop_stype <- as.data.frame(table(stype = apipop$stype))
pop_schwide <- as.data.frame(table(sch.wide = apipop$sch.wide))
dclus1_rake <- rake(dclus1, list(~stype, ~sch.wide), list(pop_stype, pop_schwide),
                    control = list(maxit = 100, epsilon = 1e-13))
designs$dclus1_rake <- paste("rake(dclus1, list(~stype, ~sch.wide), list(pop_stype, pop_schwide),",
                             "control = list(maxit = 100, epsilon = 1e-13)) with pop_stype <-",
                             "as.data.frame(table(stype = apipop$stype)) and likewise sch.wide")

out <- list()
full_call <- function(design, call) paste0(design, " <- ", designs[[design]], "; ", call)

glm_case <- function(key, design, formula, family) {
  call <- sprintf("svyglm(%s, design = %s, family = %s())", formula, design, family)
  fit <- eval(parse(text = call))
  s <- summary(fit)$coefficients
  ci <- confint(fit)
  out[[key]] <<- list(provenance = prov(full_call(design, call)), terms = rownames(s),
                      estimate = unname(s[, 1]), se = unname(s[, 2]), statistic = unname(s[, 3]),
                      p_value = unname(s[, 4]), ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]),
                      df_residual = fit$df.residual, vcov = unname(vcov(fit)))
}
glm_case("glm_dstrat_gaussian", "dstrat", "api00 ~ ell + meals + mobility", "gaussian")
glm_case("glm_dclus2_gaussian", "dclus2", "api00 ~ ell + meals + mobility", "gaussian")
glm_case("glm_dclus2_na", "dclus2", "enroll ~ meals + stype", "gaussian")
glm_case("glm_dclus1_logit", "dclus1", "I(sch.wide == 'Yes') ~ ell + meals + stype", "quasibinomial")
glm_case("glm_dstrat_logit", "dstrat", "I(comp.imp == 'Yes') ~ api99 + stype", "quasibinomial")
glm_case("glm_dclus1_poisson", "dclus1", "enroll ~ meals + stype", "quasipoisson")
glm_case("glm_dclus1_nofpc_gaussian", "dclus1_nofpc", "api00 ~ ell + stype", "gaussian")
glm_case("glm_dclus1_rake_gaussian", "dclus1_rake", "api00 ~ ell + meals", "gaussian")
glm_case("glm_randms_gaussian", "randms", "y ~ x + g", "gaussian")
glm_case("glm_randms_logit", "randms", "yes ~ x + g", "quasibinomial")
glm_case("glm_randms_poisson", "randms", "count ~ x + g", "quasipoisson")

ttest_case <- function(key, design, formula) {
  call <- sprintf("svyttest(%s, %s)", formula, design)
  tt <- eval(parse(text = call))
  out[[key]] <<- list(provenance = prov(full_call(design, call)), statistic = unname(tt$statistic),
                      df = unname(tt$parameter), p_value = unname(tt$p.value), estimate = unname(tt$estimate),
                      ci_low = tt$conf.int[1], ci_high = tt$conf.int[2])
}
ttest_case("ttest_dclus1_two", "dclus1", "api00 ~ sch.wide")
ttest_case("ttest_dstrat_two", "dstrat", "api00 ~ comp.imp")
ttest_case("ttest_dstrat_one", "dstrat", "I(api00 - 650) ~ 0")
ttest_case("ttest_randms_two", "randms", "x ~ yes")

chisq_case <- function(key, design, formula, statistic) {
  call <- sprintf("svychisq(%s, %s, statistic = '%s')", formula, design, statistic)
  ch <- eval(parse(text = call))
  out[[key]] <<- list(provenance = prov(full_call(design, call)), statistic = unname(ch$statistic),
                      parameter = unname(ch$parameter), p_value = unname(ch$p.value))
}
for (st in c("F", "Chisq")) {
  chisq_case(paste0("chisq_dclus1_", st), "dclus1", "~sch.wide + stype", st)
  chisq_case(paste0("chisq_dstrat_", st), "dstrat", "~comp.imp + stype", st)
  chisq_case(paste0("chisq_dclus2_", st), "dclus2", "~sch.wide + stype", st)
  chisq_case(paste0("chisq_randms_", st), "randms", "~yes + g", st)
}

contrast_case <- function(key, design, call, weights) {
  full <- sprintf("svycontrast(%s, %s)", call, weights)
  ct <- eval(parse(text = full))
  out[[key]] <<- list(provenance = prov(full_call(design, full)), estimate = unname(coef(ct)),
                      se = unname(SE(ct)))
}
contrast_case("contrast_dclus1_by", "dclus1",
              "svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE)", "c(E = 1, H = -1)")
contrast_case("contrast_dclus1_by3", "dclus1",
              "svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE)", "c(E = 0.5, M = 0.5, H = -1)")
contrast_case("contrast_dstrat_vars", "dstrat", "svymean(~api00 + api99, dstrat)", "c(api00 = 1, api99 = -1)")
contrast_case("contrast_randms_by", "randms",
              "svyby(~x, ~g, randms, svymean, covmat = TRUE)", "c(a = 1, c = -1)")

quantile_case <- function(key, design, var, probs) {
  call <- sprintf("svyquantile(~%s, %s, c(%s), na.rm = TRUE)", var, design, paste(probs, collapse = ", "))
  q <- eval(parse(text = call))[[1]]
  out[[key]] <<- list(provenance = prov(full_call(design, call)), probs = probs,
                      quantile = unname(q[, 1]), ci_low = unname(q[, 2]), ci_high = unname(q[, 3]),
                      se = unname(q[, 4]))
}
quantile_case("quantile_dclus1_api00", "dclus1", "api00", c(0.1, 0.25, 0.5, 0.9))
quantile_case("quantile_dstrat_enroll", "dstrat", "enroll", c(0.25, 0.5, 0.75))
quantile_case("quantile_dclus2_api00", "dclus2", "api00", c(0.5, 0.95))
quantile_case("quantile_randms_y", "randms", "y", c(0.25, 0.5, 0.75))

writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(here, "design_models.json"))
cat("wrote", length(out), "blocks\n")
