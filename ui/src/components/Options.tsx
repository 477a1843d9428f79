/** One choice of a <select>: a plain string is both its value and its label, a pair is [value, label]. */
export type Choice = string | readonly [value: string, label: string];

/** A select's options, one per choice, in order. */
export const Options = ({ choices }: { choices: readonly Choice[] }) => (
  <>
    {choices.map((c) => {
      const [value, label] = typeof c === 'string' ? [c, c] : c;
      return (
        <option key={value} value={value}>
          {label}
        </option>
      );
    })}
  </>
);
