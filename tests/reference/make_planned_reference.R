# Reference values for the planned citizen design (issue 19): the weights select_sample writes,
# rebuilt by R sampling from the frame, and the estimates R survey gives from the drawn sample.
#
# Run from the project root, after tests/reference/make_planned_sample.py:
#   Rscript tests/reference/make_planned_reference.R
# It writes tests/reference/planned.json: the exact R calls, the R, sampling and survey versions,
# the date, and
#   * pi_1 of every commune of each stratum, sampling::inclusionprobabilities(commune households, 4),
#     and pi_2 of every village of each selected commune, inclusionprobabilities(village households, 3);
#   * from svydesign(ids = ~xa, strata = ~huyen, weights = ~w, data = s) with w = 1 / (pi_1 pi_2 pi_3)
#     computed here from R's probabilities: svymean(~yes + score), svytotal(~yes), svyby(~score, ~huyen,
#     svymean), each estimate with its SE, and the design's degrees of freedom.
suppressPackageStartupMessages({
  library(sampling)
  library(survey)
  library(jsonlite)
})
options(digits = 15)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
frame <- read.csv(file.path(here, "planned_frame.csv"), encoding = "UTF-8")
s <- read.csv(file.path(here, "planned_sample.csv"), encoding = "UTF-8")

# communes in the order of their first row in the frame (the order of the PPS walk)
communes <- aggregate(ho ~ xa + huyen, data = frame, FUN = sum)
communes <- communes[order(match(communes$xa, frame$xa)), ]
communes$pi_1 <- ave(communes$ho, communes$huyen, FUN = function(x) inclusionprobabilities(x, 4))
frame$pi_2 <- ave(frame$ho, frame$xa, FUN = function(x) inclusionprobabilities(x, 3))
s$pi_1_r <- communes$pi_1[match(s$xa, communes$xa)]
s$pi_2_r <- frame$pi_2[match(paste(s$xa, s$thon), paste(frame$xa, frame$thon))]
s$w <- 1 / (s$pi_1_r * s$pi_2_r * s$households_to_interview / s$ho)

d <- svydesign(ids = ~xa, strata = ~huyen, weights = ~w, data = s)
m <- svymean(~yes + score, d)
t <- svytotal(~yes, d)
b <- svyby(~score, ~huyen, d, svymean)
out <- list(
  call = paste("communes$pi_1 <- ave(commune households, huyen, FUN = function(x) inclusionprobabilities(x, 4));",
               "frame$pi_2 <- ave(ho, xa, FUN = function(x) inclusionprobabilities(x, 3)); w <- 1 / (pi_1 pi_2 m / ho);",
               "d <- svydesign(ids = ~xa, strata = ~huyen, weights = ~w, data = s); svymean(~yes + score, d);",
               "svytotal(~yes, d); svyby(~score, ~huyen, d, svymean)"),
  r_version = R.version.string,
  sampling_version = as.character(packageVersion("sampling")),
  survey_version = as.character(packageVersion("survey")),
  date = as.character(Sys.Date()),
  commune = communes$xa, pi_1 = communes$pi_1,
  village = paste(frame$xa, frame$thon), pi_2 = frame$pi_2,
  weight = s$w,
  mean = unname(coef(m)), mean_se = unname(SE(m)),
  total = unname(coef(t)), total_se = unname(SE(t)),
  by_stratum = b$huyen, by_mean = unname(b$score), by_se = unname(SE(b)),
  degf = degf(d)
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(here, "planned.json"))
