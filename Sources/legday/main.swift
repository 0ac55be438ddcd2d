import LegdayCLI
