"""Small frames of units for the comparison tests."""

import numpy as np
import pandas as pd


def frame(values, *, n=100, se=1.0) -> pd.DataFrame:
    """Units named u00, u01, ... in the order given, all with the same n and se by default."""
    count = len(values)
    return pd.DataFrame(
        {
            "unit": [f"u{i:02d}" for i in range(count)],
            "n": np.broadcast_to(n, count),
            "value": values,
            "se": np.broadcast_to(se, count),
        }
    )
