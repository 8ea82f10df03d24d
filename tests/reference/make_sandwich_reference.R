# Reference values for tdkt_eval.rewards.campaign_impact, computed with R lm + sandwich::vcovCL.
#
# Run from the project root:
#   Rscript tests/reference/make_sandwich_reference.R
# It writes tests/reference/sandwich_did.json: the exact R calls, the R, sandwich and lmtest
# versions, the date, and
#   - the two-way fixed-effects DiD coefficient of D and its cluster-robust SE (HC1, by unit);
#   - the event study (event time binned at -3 and 3, reference -1): each coefficient and SE;
#   - the Wald F of the leads -3 and -2 with the same vcov, on (2, G - 1 = 11) df.
# The panel is the test's _reference_panel(): 12 units, 2018-2023, treatment starts 2020 (units
# 0-2), 2021 (3-4), 2022 (5-6), never (7-11); no random numbers:
#   y = 50 + i + 0.5 (t - 2018) + 3 [treated and t >= start] + round(4 sin(7 i + 3 t), 3).
suppressPackageStartupMessages({
  library(sandwich)
  library(lmtest)
  library(jsonlite)
})
options(digits = 15)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))

starts <- c(2020, 2020, 2020, 2021, 2021, 2022, 2022, NA, NA, NA, NA, NA)
d <- expand.grid(t = 2018:2023, i = 0:11)
d$start <- starts[d$i + 1]
d$treated <- !is.na(d$start)
d$D <- as.numeric(d$treated & d$t >= ifelse(is.na(d$start), Inf, d$start))
d$y <- 50 + d$i + 0.5 * (d$t - 2018) + 3 * d$D + round(4 * sin(7 * d$i + 3 * d$t), 3)
d$unit_id <- sprintf("U%02d", d$i)
d$year <- d$t

m <- lm(y ~ D + factor(unit_id) + factor(year), d)
V <- vcovCL(m, ~unit_id, type = "HC1")

e <- ifelse(d$treated, pmin(pmax(d$t - d$start, -3), 3), NA)
leads_lags <- c(-3, -2, 0, 1, 2, 3)
for (k in leads_lags) d[[paste0("k", sub("-", "m", k))]] <- as.numeric(!is.na(e) & e == k)
f <- as.formula(paste("y ~", paste(paste0("k", sub("-", "m", leads_lags)), collapse = " + "),
                      "+ factor(unit_id) + factor(year)"))
es <- lm(f, d)
Ves <- vcovCL(es, ~unit_id, type = "HC1")
names_k <- paste0("k", sub("-", "m", leads_lags))
b <- coef(es)[c("km3", "km2")]
W <- as.numeric(t(b) %*% solve(Ves[c("km3", "km2"), c("km3", "km2")]) %*% b) / 2
event <- lapply(seq_along(leads_lags), function(j) list(event_time = leads_lags[j],
                                                       coef = unname(coef(es)[names_k[j]]),
                                                       se = sqrt(Ves[names_k[j], names_k[j]])))
out <- list(
  call = paste('m <- lm(y ~ D + factor(unit_id) + factor(year), d); sqrt(vcovCL(m, ~unit_id, type = "HC1")["D", "D"]);',
               'event study lm(y ~ k-3 + k-2 + k0 + ... + k3 + FE), k binned at -3 and 3;',
               'Wald F of k-3, k-2 with vcovCL(type = "HC1") and pf(W, 2, 11)'),
  r_version = R.version.string,
  sandwich_version = as.character(packageVersion("sandwich")),
  lmtest_version = as.character(packageVersion("lmtest")),
  date = as.character(Sys.Date()),
  did = list(estimate = unname(coef(m)["D"]), se = sqrt(V["D", "D"])),
  event_study = event,
  pretrend = list(f_stat = W, p_value = pf(W, 2, 11, lower.tail = FALSE))
)
write_json(out, file.path(here, "sandwich_did.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
