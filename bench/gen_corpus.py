"""Deterministic corpus generator for the benchmarks.

Makes N articles by recombining and perturbing the example corpus: paragraphs are
taken from a base article and spliced with paragraphs of others, and numbers,
person names, places, weekdays and months are replaced from seeded pools, so
retrieval faces many near-duplicate stories about different "events".

    python bench/gen_corpus.py OUT_DIR N [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST = ["Anna", "Bohdan", "Carla", "Dmytro", "Elena", "Farid", "Greta", "Hugo", "Irina", "Jonas", "Kateryna",
         "Lukas", "Marta", "Nikolai", "Olga", "Pavel", "Rosa", "Stefan", "Tamara", "Viktor", "Yana", "Zoran"]
LAST = ["Adamenko", "Baranov", "Czerny", "Dovzhenko", "Esterhazy", "Fedorov", "Gavrilov", "Horvat", "Ilyin",
        "Jankovic", "Kovalenko", "Lindqvist", "Marchenko", "Novak", "Orlov", "Petrenko", "Quist", "Romanenko",
        "Sokolov", "Tkachenko", "Usenko", "Volkov", "Wojcik", "Zaitsev"]
PLACES = ["Kharkiv", "Lviv", "Dnipro", "Odesa", "Poltava", "Sumy", "Chernihiv", "Zhytomyr", "Vinnytsia", "Kursk",
          "Belgorod", "Bryansk", "Tver", "Kaluga", "Ryazan", "Tula"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PERSON = re.compile(r"\b(Volodymyr|Vitali|Maria|Sergei|Dmitry|Andrei|Radoslaw|Jake|Joe|Donald|Vladimir) "
                    r"(Zelenskyy?|Klitschko|Avdeeva|Shoigu|Peskov|Vorobyov|Sikorski|Sullivan|Biden|Trump|Putin)\b")
PLACE = re.compile(r"\b(Kyiv|Kiev|Moscow|Odesa|Kherson|Stanovoye|Sofyino|Pechersk|Obolonskyi|Solomianskyi)\b")
NUMBER = re.compile(r"(?<![\w-])\d{1,3}(?:,\d{3})*(?![\w-])")


def paragraphs_of(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def perturb(text: str, rng: random.Random) -> str:
    text = PERSON.sub(lambda m: f"{rng.choice(FIRST)} {rng.choice(LAST)}", text)
    text = PLACE.sub(lambda m: rng.choice(PLACES), text)
    text = NUMBER.sub(lambda m: str(max(1, int(int(m.group(0).replace(",", "")) * rng.uniform(0.5, 1.8)))), text)
    for day in WEEKDAYS:
        text = text.replace(day, rng.choice(WEEKDAYS))
    for month in MONTHS:
        text = text.replace(month, rng.choice(MONTHS))
    return text


def generate(out: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    bases = [paragraphs_of(p) for p in sorted((ROOT / "examples" / "corpus").glob("*.txt"))]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        base = list(bases[i % len(bases)])
        other = bases[rng.randrange(len(bases))]
        for _ in range(rng.randint(1, 3)):  # splice in paragraphs of another story
            base.insert(rng.randrange(len(base) + 1), rng.choice(other))
        text = "\n".join(perturb(p, rng) for p in base) + "\n"
        path = out / f"gen_{i:06d}.txt"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.out, args.n, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} articles, {words} words in {args.out}")


if __name__ == "__main__":
    main()
