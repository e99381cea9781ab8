"""Valid NHS numbers for the test and benchmark clients (standard library)."""


def nhs_numbers(count, base=400_000_000):
    """The first `count` valid NHS numbers from `base`*10 on (modulus 11)."""
    found = []
    while len(found) < count:
        digits = str(base)
        base += 1
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1)))
        check = 11 - total % 11
        if check == 10:
            continue
        found.append(digits + str(0 if check == 11 else check))
    return found
