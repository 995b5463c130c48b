// A white-label bot's name and logo at the top of the home view: the app is the client's, not Warhorn's.
import { Avatar, Cell, Section } from '@telegram-apps/telegram-ui';
import { useBrand } from './brand-context';

export function BrandHeader() {
  const brand = useBrand();
  if (!brand || brand.main) return null;
  return (
    <Section>
      <Cell
        data-testid="brand-header"
        before={brand.logoUrl ? <Avatar size={48} src={brand.logoUrl} alt="" /> : <Avatar size={48} acronym={brand.name.slice(0, 1).toUpperCase()} />}
        subtitle={`@${brand.username}`}
      >
        <span data-testid="brand-name">{brand.name}</span>
      </Cell>
    </Section>
  );
}
