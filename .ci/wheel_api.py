"""One call per family of the public API, on the demo folder given as argv[1] (run by .ci/wheel_check.sh)."""
import sys
import time
import warnings

import tdkt_eval as te

t0 = time.perf_counter()
t = te.load_dataset(sys.argv[1])
staff, cit = t["staff_responses"], t["citizen_responses"]
form = te.load_instrument("staff")  # a form shipped inside the package
print("instrument:", form.form_id, len(form.likert_items()), "Likert items")
print("reliability: alpha", round(te.reliability(staff[["su1", "su2", "su3", "su4", "su5"]], reverse=["su5"]).alpha, 3))
d = te.Design(cit, weights="weight", strata="stratum", psu="psu")
print("design mean:", d.mean("age"))
with warnings.catch_warnings():
    warnings.simplefilter("ignore", te.DataQualityWarning)
    depth = te.depth_index(staff, seed=2024)
print("depth index:", depth.to_frame().shape)
print("formality leniency:", type(te.formality.leniency(t["cluster_scores"])).__name__)
model = te.reward_model(t["personnel"], t["rewards"], performance=["annual_rating", "achievement_score"])
print("reward model: leader premium", model.leader_premium)
print(f"api calls took {time.perf_counter() - t0:.1f} s")
