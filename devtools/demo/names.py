"""Plausible Vietnamese full names for demo staff (family name, middle name, given name)."""

import random

# Family names with their rough relative frequency.
FAMILY_NAMES = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9, "Phạm": 7, "Hoàng": 5, "Huỳnh": 4, "Phan": 4, "Vũ": 4, "Võ": 3, "Đặng": 2,
    "Bùi": 2, "Đỗ": 2, "Hồ": 2, "Ngô": 2, "Dương": 1, "Lý": 1, "Đinh": 1, "Trịnh": 1, "Mai": 1, "Lương": 1,
}  # fmt: skip
MALE_MIDDLE = "Văn Hữu Đức Minh Quốc Thanh Công Xuân".split()
MALE_GIVEN = "An Bình Cường Dũng Hải Hiếu Hùng Khánh Long Nam Phong Quang Sơn Thắng Toàn Tuấn Việt Vinh".split()
FEMALE_MIDDLE = "Thị Ngọc Thu Thanh Minh Phương Kim Hồng".split()
FEMALE_GIVEN = "Anh Chi Dung Hà Hạnh Hoa Hương Lan Linh Mai Nga Ngân Nhung Phương Quyên Tâm Thảo Trang Vân Yến".split()


def staff_name(rng: random.Random) -> str:
    family = rng.choices(list(FAMILY_NAMES), weights=list(FAMILY_NAMES.values()))[0]
    if rng.random() < 0.45:
        return f"{family} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
    return f"{family} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"
