# Reference values for tdkt_eval.reliability, computed with R psych on the bfi data.
#
# Run from the project root:
#   Rscript tests/reference/make_reliability_reference.R
# It reads tests/reference/bfi.csv (psych's bfi, written with write.csv) and writes
# tests/reference/reliability_bfi.json.
#
# For each of the five bfi scales, keyed as psych's `bfi.keys` (A1, C4, C5, E1, E2, O2, O5
# reversed; the items run 1-6, so psych reverses x as 7 - x), two blocks:
#   "pairwise": psych's default missing-data handling (use = "pairwise"), all 2800 rows;
#   "listwise": the same calls on na.omit() of the scale's items.
# Statistics: psych::alpha()$total (raw_alpha, std.alpha, G6(smc), average_r, and ase, the
# asymptotic SE sqrt(Q / nrow(x))), $feldt (Feldt 95% bounds, from psych::alpha.ci with
# n = nrow(x) and the number of items), $alpha.drop$raw_alpha, $item.stats (n, r.drop, mean,
# sd), and omega_total from psych::omega(nfactors = 1): a one-factor minres fit
# (fa(fm = "minres")) of the pairwise-complete correlation matrix cor(x, use = "pairwise"),
# omega.tot = (sum(R) - sum(1 - loading^2)) / sum(R).
suppressPackageStartupMessages({
  library(psych)
  library(jsonlite)
})
options(digits = 12)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
bfi <- read.csv(file.path(here, "bfi.csv"))

keys <- psych::bfi.keys
scales <- c(agree = "agree", conscientious = "conscientious", extraversion = "extraversion",
            neuroticism = "neuroticism", openness = "openness")
stamp <- list(
  R = R.version.string,
  psych = as.character(packageVersion("psych")),
  GPArotation = as.character(packageVersion("GPArotation")),
  date = format(Sys.Date()),
  data = "tests/reference/bfi.csv (psych 2.2.9 data(bfi), write.csv)"
)

one_block <- function(items, reversed, missing) {
  x <- bfi[, items]
  data_expr <- sprintf('bfi[, c(%s)]', paste0('"', items, '"', collapse = ", "))
  if (missing == "listwise") {
    x <- na.omit(x)
    data_expr <- sprintf("na.omit(%s)", data_expr)
  }
  key_names <- if (length(reversed)) sprintf('c(%s)', paste0('"', reversed, '"', collapse = ", ")) else "NULL"
  key_num <- ifelse(items %in% reversed, -1, 1)
  alpha_call <- sprintf("psych::alpha(%s, keys = %s)", data_expr, key_names)
  omega_call <- sprintf("psych::omega(%s, nfactors = 1, key = c(%s), plot = FALSE)",
                        data_expr, paste(key_num, collapse = ", "))
  a <- if (length(reversed)) psych::alpha(x, keys = reversed) else psych::alpha(x)
  om <- suppressWarnings(suppressMessages(
    psych::omega(x, nfactors = 1, key = key_num, plot = FALSE)))
  st <- a$item.stats
  item_stats <- lapply(seq_along(items), function(i) list(
    n = unname(st$n[i]),
    r_drop = unname(st$r.drop[i]),
    alpha_if_dropped = unname(a$alpha.drop$raw_alpha[i]),
    mean = unname(st$mean[i]),
    sd = unname(st$sd[i])
  ))
  names(item_stats) <- items
  list(
    provenance = c(stamp, list(alpha_call = alpha_call, omega_call = omega_call,
                               feldt = "psych::alpha(...)$feldt (psych::alpha.ci, p.val = .05, n.obs = nrow(x))")),
    n_rows = nrow(x),
    raw_alpha = a$total$raw_alpha,
    std_alpha = a$total$std.alpha,
    G6_smc = a$total[["G6(smc)"]],
    average_r = a$total$average_r,
    alpha_se = a$total$ase,
    feldt_lower = unname(unlist(a$feldt$lower.ci)),
    feldt_upper = unname(unlist(a$feldt$upper.ci)),
    omega_total = om$omega.tot,
    item_stats = item_stats
  )
}

out <- list(note = paste(
  "Produced by tests/reference/make_reliability_reference.R; every block carries the exact R",
  "calls, versions and date. Scales keyed as psych::bfi.keys."), scales = list())
for (s in names(scales)) {
  k <- keys[[s]]
  items <- sub("^-", "", k)
  reversed <- items[startsWith(k, "-")]
  out$scales[[s]] <- list(
    items = items,
    reverse = I(reversed),
    pairwise = one_block(items, reversed, "pairwise"),
    listwise = one_block(items, reversed, "listwise")
  )
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           file.path(here, "reliability_bfi.json"))
cat("wrote", file.path(here, "reliability_bfi.json"), "\n")
