import LegdayCore
