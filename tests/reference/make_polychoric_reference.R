# Reference values for tdkt_eval.ordinal (polychoric correlations, ordinal alpha), computed in R.
#
# Run from the project root:
#   Rscript tests/reference/make_polychoric_reference.R
# It writes tests/reference/polychoric.json: the exact R calls, the R, polycor, mvtnorm and psych
# versions, the date, and for the agreeableness items A1-A5 of bfi (complete rows among the first
# 600) every pairwise two-step polychoric correlation in two ways:
#   * polycor::polychor(x, y) as shipped: its optimise() stops at about 1e-4, so it pins the
#     estimator, not the last digits;
#   * the same two-step likelihood (thresholds from the margins, bivariate normal cell
#     probabilities from mvtnorm::pmvnorm) maximised with optimise(tol = 1e-12): the digits.
# and psych::alpha() of the second matrix (ordinal alpha, Zumbo, Gadermann & Zeisser 2007).
suppressPackageStartupMessages({
  library(polycor)
  library(mvtnorm)
  library(psych)
  library(jsonlite)
})
options(digits = 15)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
bfi <- read.csv(file.path(here, "bfi.csv"))
items <- c("A1", "A2", "A3", "A4", "A5")
x <- bfi[1:600, items]
x <- x[complete.cases(x), ]

two_step <- function(a, b) {
  tab <- table(a, b)
  n <- sum(tab)
  rc <- qnorm(cumsum(rowSums(tab)) / n)[-nrow(tab)]
  cc <- qnorm(cumsum(colSums(tab)) / n)[-ncol(tab)]
  rb <- c(-Inf, rc, Inf)
  cb <- c(-Inf, cc, Inf)
  loglik <- function(rho) {
    R <- matrix(c(1, rho, rho, 1), 2, 2)
    total <- 0
    for (i in seq_len(nrow(tab))) for (j in seq_len(ncol(tab))) {
      if (tab[i, j] == 0) next
      p <- pmvnorm(lower = c(rb[i], cb[j]), upper = c(rb[i + 1], cb[j + 1]), corr = R)[1]
      total <- total + tab[i, j] * log(p)
    }
    total
  }
  optimise(loglik, interval = c(-0.9999, 0.9999), maximum = TRUE, tol = 1e-12)$maximum
}

k <- length(items)
tight <- diag(k)
shipped <- diag(k)
for (i in 1:(k - 1)) for (j in (i + 1):k) {
  tight[i, j] <- tight[j, i] <- two_step(x[[i]], x[[j]])
  shipped[i, j] <- shipped[j, i] <- polychor(x[[i]], x[[j]])
}
dimnames(tight) <- dimnames(shipped) <- list(items, items)
ordinal_alpha <- psych::alpha(tight, warnings = FALSE)$total$raw_alpha

out <- list(
  call = paste("x <- read.csv('bfi.csv')[1:600, c('A1','A2','A3','A4','A5')]; x <- x[complete.cases(x), ];",
               "polycor::polychor(x[[i]], x[[j]]) for each pair; the same two-step likelihood with",
               "mvtnorm::pmvnorm maximised by optimise(tol = 1e-12); psych::alpha(<that matrix>)$total$raw_alpha"),
  r_version = R.version.string,
  polycor_version = as.character(packageVersion("polycor")),
  mvtnorm_version = as.character(packageVersion("mvtnorm")),
  psych_version = as.character(packageVersion("psych")),
  date = as.character(Sys.Date()),
  items = items, first_rows = 600, n = nrow(x),
  polychor_tight = unname(tight), polychor_shipped = unname(shipped),
  ordinal_alpha = ordinal_alpha
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(here, "polychoric.json"))
