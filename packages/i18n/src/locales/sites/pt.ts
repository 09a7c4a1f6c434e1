import type { SitesMessages } from './en.ts';

/** Portuguese strings of the admin's allowed websites ([EM1]). */
export const sitesPt: SitesMessages = {
  'admin.sites': 'Sites',
  'sites.title': 'Onde os seus botões de ajuda podem aparecer',
  'sites.explain':
    'Por omissão, o botão para visitantes dos seus links funciona em qualquer site. Adicione aqui os seus sites para o permitir apenas neles: em qualquer outro site o botão não aparece e os navegadores recusam mostrar o Parley numa moldura. Ao remover o último site, todos os sites voltam a ser permitidos.',
  'sites.anywhere': 'Agora: em qualquer site.',
  'sites.restricted':
    '{count, plural, one {Agora: apenas no site abaixo (e nas páginas do próprio Parley).} other {Agora: apenas nos # sites abaixo (e nas páginas do próprio Parley).}}',
  'sites.address': 'Endereço do site',
  'sites.format':
    'Esquema, anfitrião e, se não for a habitual, porta — p. ex. https://www.example.com ou http://localhost:3000. Sem caminho.',
  'sites.add': 'Adicionar site',
  'sites.removeLabel': 'Remover {site}',
  'sites.remove': 'Remover',
  'links.worksAnywhere': 'Este botão funciona em qualquer site (Administração → Sites).',
  'links.worksListed': 'Este botão funciona apenas nos sites permitidos (Administração → Sites).',
  'error.invalid_site':
    'Indique um site como esquema://anfitrião[:porta], por exemplo https://www.example.com — sem caminho.',
};
