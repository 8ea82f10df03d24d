# Reference values for tdkt_eval.factor (tests/test_factor.py), computed with R psych.
#
# Run from the project root:
#     Rscript tests/reference/make_efa_reference.R
# It reads tests/reference/bfi.csv (psych 2.2.9's `bfi`, written with write.csv) and writes
# tests/reference/efa_bfi.json.  Every block carries its own provenance: the exact R call,
# the R, psych and GPArotation versions and the date.
#
# Numbers are written with jsonlite's maximum precision (digits = NA: 15 significant digits).

options(digits = 12)
suppressPackageStartupMessages({
  library(psych)
  library(GPArotation)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script) == 1) dirname(normalizePath(script)) else "tests/reference"

bfi <- read.csv(file.path(here, "bfi.csv"))
x <- bfi[, c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5),
             paste0("N", 1:5), paste0("O", 1:5))]

provenance <- function(call) {
  list(call = call,
       data = "tests/reference/bfi.csv, columns A1:O5 (25 items, 2800 rows, NA = missing)",
       r_version = R.version.string,
       psych = as.character(packageVersion("psych")),
       GPArotation = as.character(packageVersion("GPArotation")),
       date = as.character(Sys.Date()))
}

# A matrix as {row name: {column name: value}}, so the JSON keeps the labels.
labelled <- function(m) {
  m <- unclass(m)
  out <- lapply(seq_len(nrow(m)), function(i) as.list(setNames(m[i, ], colnames(m))))
  names(out) <- rownames(m)
  out
}

fa_block <- function(call) {
  f <- eval(parse(text = call))
  list(provenance = provenance(call),
       loadings = labelled(f$loadings),
       # psych's `communality` is diag(L L') (what print.psych shows as h2);
       # `communalities` is 1 - the optimiser's uniquenesses (minres, ml) or the sum of
       # communalities of the last iteration (pa).
       communality = as.list(f$communality),
       communalities = as.list(f$communalities),
       uniquenesses = as.list(f$uniquenesses),
       Vaccounted = labelled(f$Vaccounted),
       Phi = if (is.null(f$Phi)) NULL else labelled(f$Phi),
       rotation = f$rotation,
       fm = f$fm,
       n_obs = f$n.obs,
       dof = f$dof)
}

calls <- c(
  fa_minres_oblimin = 'fa(x, nfactors = 5, fm = "minres", rotate = "oblimin")',
  fa_ml_varimax = 'fa(x, nfactors = 5, fm = "ml", rotate = "varimax")',
  fa_pa_promax = 'fa(x, nfactors = 5, fm = "pa", rotate = "promax")',
  fa_minres_none = 'fa(x, nfactors = 5, fm = "minres", rotate = "none")',
  fa_ml_none = 'fa(x, nfactors = 5, fm = "ml", rotate = "none")',
  fa_pa_none = 'fa(x, nfactors = 5, fm = "pa", rotate = "none")',
  fa_minres_varimax = 'fa(x, nfactors = 5, fm = "minres", rotate = "varimax")',
  fa_minres_promax = 'fa(x, nfactors = 5, fm = "minres", rotate = "promax")',
  fa_minres_1 = 'fa(x, nfactors = 1, fm = "minres", rotate = "none")'
)
out <- lapply(calls, fa_block)

k_call <- "KMO(x)"
k <- KMO(x)
out$kmo <- list(provenance = provenance(k_call), MSA = k$MSA, MSAi = as.list(k$MSAi))

b_call <- 'cortest.bartlett(cor(x, use = "pairwise"), n = nrow(x))'
b <- cortest.bartlett(cor(x, use = "pairwise"), n = nrow(x))
out$bartlett <- list(provenance = provenance(b_call), chisq = b$chisq, df = b$df,
                     p_value = b$p.value, n = nrow(x))

# fa.parallel: the observed eigenvalues are deterministic; the simulated part is random, so
# only the suggested numbers are recorded (for several seeds) to show their usual range.
p_call <- 'set.seed(s); fa.parallel(x, fm = "minres", fa = "both", n.iter = 20, plot = FALSE)'
seeds <- 1:5
runs <- lapply(seeds, function(s) {
  set.seed(s)
  invisible(capture.output(p <- fa.parallel(x, fm = "minres", fa = "both", n.iter = 20,
                                            plot = FALSE)))
  p
})
out$parallel <- list(provenance = c(provenance(p_call), list(seeds = seeds)),
                     fa_values = runs[[1]]$fa.values,
                     pc_values = runs[[1]]$pc.values,
                     nfact = sapply(runs, function(p) p$nfact),
                     ncomp = sapply(runs, function(p) p$ncomp))

writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"),
           file.path(here, "efa_bfi.json"))
cat("wrote", file.path(here, "efa_bfi.json"), "\n")
