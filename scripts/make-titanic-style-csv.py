# Writes examples/data/titanic-style.csv: 800 synthetic passengers in the Titanic table's layout
# (an id, numeric and text columns, missing ages and ports, a quoted free-text Name), with survival drawn from a logistic model of
# sex, class, age and family size. Synthetic, so it can be shipped; run with any Python 3:
#   python3 scripts/make-titanic-style-csv.py

import math
import os
import random

random.seed(1912)
rows = ["PassengerId,Survived,Pclass,Sex,Age,SibSp,Parch,Fare,Embarked,Name"]
for passenger in range(1, 801):
    pclass = random.choices([1, 2, 3], weights=[0.24, 0.21, 0.55])[0]
    sex = random.choices(["male", "female"], weights=[0.65, 0.35])[0]
    age = max(0.5, min(80, random.gauss(30 - 3 * (3 - pclass), 13)))
    sibsp = random.choices([0, 1, 2, 3, 4], weights=[0.68, 0.23, 0.04, 0.03, 0.02])[0]
    parch = random.choices([0, 1, 2, 3], weights=[0.76, 0.13, 0.09, 0.02])[0]
    fare = round({1: 84, 2: 21, 3: 13}[pclass] * math.exp(random.gauss(0, 0.5)), 2)
    embarked = random.choices(["S", "C", "Q"], weights=[0.72, 0.19, 0.09])[0]
    score = -0.4 + 2.5 * (sex == "female") - 1.0 * (pclass - 1) - 0.03 * (age - 30)
    score += 0.3 * (sibsp + parch > 0) - 0.6 * (sibsp + parch > 3) + random.gauss(0, 0.8)
    survived = 1 if random.random() < 1 / (1 + math.exp(-score)) else 0
    age_text = "" if random.random() < 0.2 else f"{age:.0f}"
    embarked_text = "" if random.random() < 0.01 else embarked
    # PassengerId and Name draw nothing: the other columns are those of the file without them.
    name = f'"Passenger {passenger:03d}, {"Mrs." if sex == "female" else "Mr."}"'
    rows.append(f"{passenger},{survived},{pclass},{sex},{age_text},{sibsp},{parch},{fare},{embarked_text},{name}")

out = os.path.join(os.path.dirname(__file__), "..", "examples", "data", "titanic-style.csv")
with open(out, "w") as f:
    f.write("\n".join(rows) + "\n")
print(f"wrote {os.path.normpath(out)}")
