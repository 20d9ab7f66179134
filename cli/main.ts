console.log('newsmon: not yet');
